CREATE TYPE "public"."treatment_plan_status" AS ENUM('draft', 'active', 'superseded');--> statement-breakpoint
CREATE TABLE "treatment_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"status" "treatment_plan_status" DEFAULT 'draft' NOT NULL,
	"content" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"effective_date" date NOT NULL,
	"review_date" date NOT NULL,
	"signed_at" timestamp with time zone,
	"signature_hash" text,
	"client_signed_at" timestamp with time zone,
	"client_signature_hash" text,
	"supersedes_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "treatment_plans_dates_check" CHECK ("treatment_plans"."review_date" >= "treatment_plans"."effective_date"),
	CONSTRAINT "treatment_plans_signed_check" CHECK ("treatment_plans"."status" = 'draft' or ("treatment_plans"."signed_at" is not null and "treatment_plans"."signature_hash" is not null))
);
--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "treatment_plans" ADD CONSTRAINT "treatment_plans_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "treatment_plans_client_idx" ON "treatment_plans" USING btree ("practice_id","client_id","effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "treatment_plans_one_active" ON "treatment_plans" USING btree ("practice_id","client_id") WHERE "treatment_plans"."status" = 'active';