CREATE TABLE "phi_data_keys" (
	"version" integer PRIMARY KEY NOT NULL,
	"wrapped_key" text NOT NULL,
	"wrapped_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Owner-only: wrapped data keys are loaded by the server at boot through the owner connection.
REVOKE ALL ON phi_data_keys FROM mentalspace_app;
