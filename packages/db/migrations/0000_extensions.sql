-- Extensions the schema relies on: trigram search over client names, and btree_gist so that an
-- exclusion constraint can combine equality on a uuid with overlap on a tstzrange.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
