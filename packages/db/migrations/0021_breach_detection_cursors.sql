CREATE TABLE "breach_detection_cursors" (
	"chain_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Owner-only, like audit_seals: the detection job runs as the owner; the app role never sees it.
REVOKE ALL ON breach_detection_cursors FROM mentalspace_app;
