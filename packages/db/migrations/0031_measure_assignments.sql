CREATE TYPE "public"."measure_cadence" AS ENUM('once', 'every_n_weeks', 'before_each_appointment');--> statement-breakpoint
CREATE TABLE "measure_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"cadence" "measure_cadence" NOT NULL,
	"interval_weeks" integer,
	"active" boolean DEFAULT true NOT NULL,
	"assigned_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_assignments_interval_check" CHECK (("measure_assignments"."cadence" = 'every_n_weeks') = ("measure_assignments"."interval_weeks" is not null and "measure_assignments"."interval_weeks" between 1 and 52))
);
--> statement-breakpoint
ALTER TABLE "measure_assignments" ADD CONSTRAINT "measure_assignments_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_assignments" ADD CONSTRAINT "measure_assignments_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "measure_assignments_one_active" ON "measure_assignments" USING btree ("practice_id","client_id","instrument_id") WHERE "measure_assignments"."active";