CREATE TYPE "public"."disclosure_basis" AS ENUM('client_authorization', 'required_by_law', 'court_order', 'public_health', 'health_oversight', 'serious_threat', 'other');--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"disclosed_on" text NOT NULL,
	"recipient" text NOT NULL,
	"recipient_address" text,
	"description" text NOT NULL,
	"purpose" text NOT NULL,
	"basis" "disclosure_basis" NOT NULL,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosures_client_idx" ON "disclosures" USING btree ("practice_id","client_id","disclosed_on");