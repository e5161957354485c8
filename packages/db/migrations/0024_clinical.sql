CREATE TYPE "public"."diagnosis_status" AS ENUM('active', 'provisional', 'rule_out', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."measure_source" AS ENUM('office', 'portal');--> statement-breakpoint
CREATE TYPE "public"."note_revision_event" AS ENUM('signed', 'cosigned', 'returned');--> statement-breakpoint
CREATE TYPE "public"."note_status" AS ENUM('draft', 'awaiting_cosign', 'signed');--> statement-breakpoint
CREATE TYPE "public"."risk_flag_status" AS ENUM('active', 'resolved');--> statement-breakpoint
CREATE TABLE "client_diagnoses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"code" text NOT NULL,
	"status" "diagnosis_status" NOT NULL,
	"onset_date" date,
	"rank" integer NOT NULL,
	"diagnosed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_diagnoses_code_unique" UNIQUE("practice_id","client_id","code"),
	CONSTRAINT "client_diagnoses_rank_check" CHECK ("client_diagnoses"."rank" >= 1)
);
--> statement-breakpoint
CREATE TABLE "clinical_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"appointment_id" uuid,
	"author_id" uuid NOT NULL,
	"type" text NOT NULL,
	"template" text NOT NULL,
	"status" "note_status" DEFAULT 'draft' NOT NULL,
	"service_date" date NOT NULL,
	"content" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"signed_at" timestamp with time zone,
	"signature_hash" text,
	"cosigner_id" uuid,
	"cosigned_at" timestamp with time zone,
	"returned_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clinical_notes_signed_check" CHECK ("clinical_notes"."status" = 'draft' or ("clinical_notes"."signed_at" is not null and "clinical_notes"."signature_hash" is not null))
);
--> statement-breakpoint
CREATE TABLE "diagnosis_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"search_text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"instrument_id" text NOT NULL,
	"instrument_version" integer NOT NULL,
	"answers" text NOT NULL,
	"total" integer NOT NULL,
	"severity" text NOT NULL,
	"risk_level" text NOT NULL,
	"source" "measure_source" NOT NULL,
	"administered_by" uuid,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_addenda" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "note_revisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"event" "note_revision_event" NOT NULL,
	"by_user_id" uuid NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "psychotherapy_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_flags" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"measure_response_id" uuid,
	"status" "risk_flag_status" DEFAULT 'active' NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"client_id" uuid,
	"message" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "clinical_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "client_diagnoses" ADD CONSTRAINT "client_diagnoses_code_diagnosis_codes_code_fk" FOREIGN KEY ("code") REFERENCES "public"."diagnosis_codes"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_diagnoses" ADD CONSTRAINT "client_diagnoses_diagnosed_by_users_id_fk" FOREIGN KEY ("diagnosed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_diagnoses" ADD CONSTRAINT "client_diagnoses_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_cosigner_id_users_id_fk" FOREIGN KEY ("cosigner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinical_notes" ADD CONSTRAINT "clinical_notes_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_administered_by_users_id_fk" FOREIGN KEY ("administered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_responses" ADD CONSTRAINT "measure_responses_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_addenda" ADD CONSTRAINT "note_addenda_note_id_clinical_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."clinical_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_addenda" ADD CONSTRAINT "note_addenda_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_revisions" ADD CONSTRAINT "note_revisions_note_id_clinical_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."clinical_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_revisions" ADD CONSTRAINT "note_revisions_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "psychotherapy_notes" ADD CONSTRAINT "psychotherapy_notes_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_flags" ADD CONSTRAINT "risk_flags_measure_response_id_measure_responses_id_fk" FOREIGN KEY ("measure_response_id") REFERENCES "public"."measure_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_flags" ADD CONSTRAINT "risk_flags_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_flags" ADD CONSTRAINT "risk_flags_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_notifications" ADD CONSTRAINT "staff_notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinical_notes_chart_idx" ON "clinical_notes" USING btree ("practice_id","client_id","service_date","id");--> statement-breakpoint
CREATE INDEX "clinical_notes_due_idx" ON "clinical_notes" USING btree ("practice_id","author_id","service_date") WHERE "clinical_notes"."status" <> 'signed';--> statement-breakpoint
CREATE INDEX "clinical_notes_cosign_idx" ON "clinical_notes" USING btree ("practice_id","service_date") WHERE "clinical_notes"."status" = 'awaiting_cosign';--> statement-breakpoint
CREATE INDEX "diagnosis_codes_search_idx" ON "diagnosis_codes" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "measure_responses_client_idx" ON "measure_responses" USING btree ("practice_id","client_id","instrument_id","completed_at");--> statement-breakpoint
CREATE INDEX "note_addenda_note_idx" ON "note_addenda" USING btree ("practice_id","note_id","created_at");--> statement-breakpoint
CREATE INDEX "note_revisions_note_idx" ON "note_revisions" USING btree ("practice_id","note_id","created_at");--> statement-breakpoint
CREATE INDEX "psychotherapy_notes_author_idx" ON "psychotherapy_notes" USING btree ("practice_id","author_id","client_id","service_date");--> statement-breakpoint
CREATE INDEX "risk_flags_active_idx" ON "risk_flags" USING btree ("practice_id","client_id") WHERE "risk_flags"."status" = 'active';--> statement-breakpoint
CREATE INDEX "staff_notifications_user_idx" ON "staff_notifications" USING btree ("practice_id","user_id","created_at");