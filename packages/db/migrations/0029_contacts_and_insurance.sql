CREATE TYPE "public"."client_contact_kind" AS ENUM('emergency', 'guardian', 'other');--> statement-breakpoint
CREATE TYPE "public"."insurance_priority" AS ENUM('primary', 'secondary', 'tertiary');--> statement-breakpoint
CREATE TYPE "public"."subscriber_relationship" AS ENUM('self', 'spouse', 'child', 'other');--> statement-breakpoint
CREATE TABLE "client_contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" "client_contact_kind" NOT NULL,
	"name" text NOT NULL,
	"relationship" text NOT NULL,
	"phone" text,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurance_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"payer_name" text NOT NULL,
	"payer_id" text,
	"member_id" text NOT NULL,
	"member_id_index" text NOT NULL,
	"group_number" text,
	"subscriber_name" text NOT NULL,
	"subscriber_relationship" "subscriber_relationship" NOT NULL,
	"priority" "insurance_priority" NOT NULL,
	"effective_from" date,
	"effective_to" date,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insurance_policies_dates_check" CHECK ("insurance_policies"."effective_to" is null or "insurance_policies"."effective_from" is null or "insurance_policies"."effective_to" >= "insurance_policies"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "client_contacts" ADD CONSTRAINT "client_contacts_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_contacts_client_idx" ON "client_contacts" USING btree ("practice_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_policies_priority_unique" ON "insurance_policies" USING btree ("practice_id","client_id","priority") WHERE "insurance_policies"."active";--> statement-breakpoint
CREATE INDEX "insurance_policies_member_idx" ON "insurance_policies" USING btree ("practice_id","member_id_index");