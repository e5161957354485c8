CREATE TABLE "secure_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"sender_kind" text NOT NULL,
	"sender_user_id" uuid,
	"body" text NOT NULL,
	"read_by_client_at" timestamp with time zone,
	"read_by_staff_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secure_messages_sender_check" CHECK (("secure_messages"."sender_kind" = 'client' and "secure_messages"."sender_user_id" is null) or ("secure_messages"."sender_kind" = 'staff' and "secure_messages"."sender_user_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "secure_messages" ADD CONSTRAINT "secure_messages_practice_id_client_id_clients_practice_id_id_fk" FOREIGN KEY ("practice_id","client_id") REFERENCES "public"."clients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secure_messages" ADD CONSTRAINT "secure_messages_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "secure_messages_thread_idx" ON "secure_messages" USING btree ("practice_id","client_id","created_at","id");--> statement-breakpoint
CREATE INDEX "secure_messages_unread_by_staff_idx" ON "secure_messages" USING btree ("practice_id","client_id") WHERE "secure_messages"."sender_kind" = 'client' and "secure_messages"."read_by_staff_at" is null;