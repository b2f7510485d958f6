import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tickets with their messages and audit trail, agents and canned replies. */
export class CreateTickets1764500000000 implements MigrationInterface {
  name = 'CreateTickets1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE SEQUENCE ticket_numbers');
    await db.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text NOT NULL UNIQUE DEFAULT ('TK' || lpad(nextval('ticket_numbers')::text, 8, '0')),
        customer_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN ('PRE_SALE', 'ORDER_ISSUE', 'AFTER_SALE', 'COMPLAINT', 'OTHER')),
        channel text NOT NULL CHECK (channel IN ('WEB', 'CHAT', 'PHONE', 'EMAIL', 'SOCIAL')),
        subject text NOT NULL,
        category text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER', 'RESOLVED', 'CLOSED')),
        priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
        priority_score integer NOT NULL,
        priority_reasons jsonb NOT NULL,
        order_id uuid,
        assignee_id uuid,
        origin text NOT NULL CHECK (origin IN ('CUSTOMER', 'SYSTEM')),
        system_key text UNIQUE,
        first_response_due_at timestamptz NOT NULL,
        resolution_due_at timestamptz NOT NULL,
        sla_due_at timestamptz NOT NULL,
        first_response_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        first_response_breached_at timestamptz,
        resolution_breached_at timestamptz,
        rating_score smallint CHECK (rating_score BETWEEN 1 AND 5),
        rating_comment text,
        rated_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // The agent queue: priority, then the nearest deadline; by default only tickets that need work.
    await db.query('CREATE INDEX tickets_queue ON tickets (priority, sla_due_at, id)');
    await db.query(
      "CREATE INDEX tickets_queue_active ON tickets (priority, sla_due_at, id) WHERE status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER')",
    );
    await db.query(
      'CREATE INDEX tickets_customer ON tickets (customer_id, created_at DESC, id DESC)',
    );
    await db.query(
      "CREATE INDEX tickets_assignee_active ON tickets (assignee_id) WHERE status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER')",
    );
    await db.query(
      "CREATE INDEX tickets_sla_watch ON tickets (sla_due_at) WHERE status IN ('OPEN', 'ASSIGNED', 'PENDING_CUSTOMER')",
    );
    await db.query(
      "CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE status = 'RESOLVED'",
    );
    await db.query('CREATE INDEX tickets_created ON tickets (created_at)');
    await db.query('CREATE INDEX tickets_order ON tickets (order_id)');
    await db.query(`
      CREATE TABLE ticket_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        author text NOT NULL CHECK (author IN ('CUSTOMER', 'AGENT', 'SYSTEM')),
        author_id uuid,
        body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        template_id uuid,
        occurrence_key text,
        created_at timestamptz NOT NULL,
        UNIQUE (ticket_id, occurrence_key)
      )`);
    await db.query(
      'CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, created_at)',
    );
    await db.query(`
      CREATE TABLE ticket_audit (
        id bigserial PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets (id),
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_role text NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query('CREATE INDEX ticket_audit_ticket ON ticket_audit (ticket_id, id)');
    await db.query(`
      CREATE TABLE support_agents (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        skill_types text[] NOT NULL,
        skill_channels text[] NOT NULL,
        max_open integer NOT NULL CHECK (max_open >= 0),
        active boolean NOT NULL,
        -- Tickets assigned to the agent that still need work, kept with every change of a ticket.
        open_count integer NOT NULL DEFAULT 0,
        last_assigned_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE canned_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        body text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE canned_replies');
    await db.query('DROP TABLE support_agents');
    await db.query('DROP TABLE ticket_audit');
    await db.query('DROP TABLE ticket_messages');
    await db.query('DROP TABLE tickets');
    await db.query('DROP SEQUENCE ticket_numbers');
  }
}
