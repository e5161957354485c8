CREATE TABLE "audit_chain_anchors" (
	"chain_id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"anchored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Owner-only, like audit_seals: only the anchoring job (owner connection) reads and writes it.
REVOKE ALL ON audit_chain_anchors FROM mentalspace_app;
