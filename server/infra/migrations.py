"""The schema, as the migrations that build it, one function a step, applied in order
by sqlite-utils when a store opens. A step is never edited once released: a change is a
new step."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("sunbeon")



@migrations()
def m001_core(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE sites (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            names TEXT NOT NULL,              -- JSON {lang: name}
            timezone TEXT NOT NULL DEFAULT 'Asia/Seoul',
            address TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            hours TEXT NOT NULL,              -- JSON {mon: [["09:00","18:00"]], ...}
            settings TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE departments (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            names TEXT NOT NULL,
            floor INTEGER NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE services (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            department_id INTEGER NOT NULL REFERENCES departments(id),
            names TEXT NOT NULL,
            numbering TEXT NOT NULL CHECK (numbering IN ('letter', 'block')),
            prefix TEXT NOT NULL DEFAULT '',
            number_block INTEGER,
            legal_period_value REAL NOT NULL DEFAULT 0,
            legal_period_unit TEXT NOT NULL DEFAULT 'instant'
                CHECK (legal_period_unit IN ('instant', 'hours', 'days')),
            target_ratio REAL NOT NULL DEFAULT 0.8,
            daily_cap INTEGER,
            hours TEXT,                       -- JSON like sites.hours; NULL = the site's
            priority_enabled INTEGER NOT NULL DEFAULT 1,
            default_service_minutes REAL NOT NULL DEFAULT 5,
            paused INTEGER NOT NULL DEFAULT 0,
            sort_order INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            site_id INTEGER REFERENCES sites(id),
            department_id INTEGER REFERENCES departments(id),
            login TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'staff')),
            duty TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            photo TEXT NOT NULL DEFAULT '',
            password_hash TEXT,
            presence TEXT NOT NULL DEFAULT 'closed'
                CHECK (presence IN ('available', 'away', 'closed')),
            away_until REAL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE counters (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            number INTEGER NOT NULL,
            names TEXT NOT NULL DEFAULT '{}', -- optional own name, e.g. {"ko": "여권 창구"}
            floor INTEGER NOT NULL DEFAULT 1,
            location TEXT NOT NULL DEFAULT '',
            staff_id INTEGER REFERENCES staff(id),
            priority_streak INTEGER NOT NULL DEFAULT 0,
            UNIQUE (site_id, number)
        );
        CREATE TABLE counter_services (
            counter_id INTEGER NOT NULL REFERENCES counters(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            PRIMARY KEY (counter_id, service_id)
        );
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN
                ('kiosk', 'board', 'counter_display', 'directory', 'seat_chart')),
            config TEXT NOT NULL DEFAULT '{}',
            last_seen REAL,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,
            staff_id INTEGER REFERENCES staff(id),
            device_id INTEGER REFERENCES devices(id),
            created_at REAL NOT NULL,
            revoked_at REAL,
            CHECK ((staff_id IS NULL) != (device_id IS NULL))
        );
        CREATE TABLE holidays (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            day TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            UNIQUE (site_id, day)
        );
        CREATE TABLE day_numbers (
            service_id INTEGER NOT NULL REFERENCES services(id),
            day TEXT NOT NULL,
            last INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (service_id, day)
        );
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            day TEXT NOT NULL,
            numbered_by INTEGER NOT NULL REFERENCES services(id), -- whose sequence gave it
            number INTEGER NOT NULL,
            display_number TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'held',
                'done', 'no_show', 'cancelled')),
            priority INTEGER NOT NULL DEFAULT 0, -- which group is not stored: it is sensitive
            appointment_at REAL,
            issued_at REAL NOT NULL,
            arrival_at REAL NOT NULL,         -- kept on transfer: the visitor's place
            called_at REAL,
            started_at REAL,
            finished_at REAL,
            counter_id INTEGER REFERENCES counters(id),
            staff_id INTEGER REFERENCES staff(id),
            target_counter_id INTEGER REFERENCES counters(id),
            target_staff_id INTEGER REFERENCES staff(id),
            recall_count INTEGER NOT NULL DEFAULT 0,
            transfer_count INTEGER NOT NULL DEFAULT 0,
            transferred_from_service_id INTEGER REFERENCES services(id),
            outcome TEXT,
            note TEXT,
            issued_by_device_id INTEGER REFERENCES devices(id),
            idempotency_key TEXT UNIQUE,
            public_code TEXT NOT NULL UNIQUE, -- the visitor's link to their live ticket
            UNIQUE (numbered_by, day, number)
        );
        CREATE INDEX tickets_waiting ON tickets (site_id, day, status, service_id);
        CREATE INDEX tickets_queue ON tickets (service_id, day, status, priority, arrival_at);
        CREATE INDEX tickets_counter ON tickets (counter_id, status);
        CREATE INDEX tickets_done ON tickets (service_id, finished_at);
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            site_id INTEGER,
            type TEXT NOT NULL,
            rooms TEXT NOT NULL,              -- JSON list of Socket.IO rooms
            data TEXT NOT NULL                -- JSON
        );
        CREATE INDEX events_at ON events (at);
        CREATE TABLE app_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


@migrations()
def m002_help_requests(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE help_requests (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            device_id INTEGER NOT NULL REFERENCES devices(id),
            requested_at REAL NOT NULL,
            acknowledged_at REAL,
            acknowledged_by INTEGER REFERENCES staff(id),
            closed_at REAL
        );
        CREATE INDEX help_requests_open ON help_requests (site_id, closed_at);
        """
    )


@migrations()
def m003_printing(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE printers (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL UNIQUE REFERENCES devices(id),
            profile TEXT NOT NULL,            -- a file name in printer_profiles/
            connection TEXT NOT NULL,         -- tcp://, usb://, serial://, cups://, preview://
            mode TEXT,                        -- NULL: the profile's default
            state TEXT NOT NULL DEFAULT 'unknown',
            state_message TEXT NOT NULL DEFAULT '',
            state_at REAL
        );
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            printer_id INTEGER NOT NULL REFERENCES printers(id),
            ticket_id INTEGER REFERENCES tickets(id),
            kind TEXT NOT NULL CHECK (kind IN ('ticket', 'reprint', 'test')),
            status TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'done', 'failed')),
            reason TEXT,
            message TEXT,
            content TEXT NOT NULL,            -- JSON: what the paper says
            created_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL
        );
        CREATE INDEX print_jobs_queue ON print_jobs (printer_id, status);
        CREATE INDEX print_jobs_ticket ON print_jobs (ticket_id);
        """
    )



@migrations()
def m004_staff_desk(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE callbacks (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            owner_staff_id INTEGER NOT NULL REFERENCES staff(id),
            created_by INTEGER NOT NULL REFERENCES staff(id),
            topic TEXT NOT NULL,
            phone TEXT,                       -- digits, only with consent; NULL once done
            consent_at REAL,                  -- when the visitor agreed to give it
            promised_at REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            note TEXT,
            created_at REAL NOT NULL,
            done_at REAL,
            CHECK (phone IS NULL OR (consent_at IS NOT NULL AND status = 'open'))
        );
        CREATE INDEX callbacks_owner ON callbacks (owner_staff_id, status, promised_at);
        CREATE INDEX callbacks_site ON callbacks (site_id, status, promised_at);
        CREATE TABLE appointments (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            staff_id INTEGER NOT NULL REFERENCES staff(id),   -- the officer who will serve
            booked_by INTEGER NOT NULL REFERENCES staff(id),
            scheduled_at REAL NOT NULL,
            day TEXT NOT NULL,                -- the site's local date of scheduled_at
            topic TEXT NOT NULL DEFAULT '',
            code TEXT NOT NULL,               -- what the visitor types at the kiosk
            status TEXT NOT NULL DEFAULT 'booked'
                CHECK (status IN ('booked', 'checked_in', 'missed', 'cancelled')),
            ticket_id INTEGER REFERENCES tickets(id),
            created_at REAL NOT NULL,
            changed_at REAL
        );
        -- The visitor types the code on the day itself: unique per site and day.
        CREATE UNIQUE INDEX appointments_code ON appointments (site_id, day, code);
        CREATE INDEX appointments_day ON appointments (site_id, day, scheduled_at);
        CREATE INDEX appointments_officer ON appointments (staff_id, day);
        CREATE TABLE wait_alerts (              -- a supervisor is told once per ticket
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            raised_at REAL NOT NULL
        );
        """
    )


@migrations()
def m005_admin_and_maps(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE notices (                  -- short texts for the board and the kiosk
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            target TEXT NOT NULL CHECK (target IN ('board', 'kiosk', 'all')),
            texts TEXT NOT NULL,              -- JSON {lang: text}
            starts_on TEXT,                   -- local dates, inclusive; NULL = open-ended
            ends_on TEXT,
            sort_order INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE info_pages (               -- kiosk information pages, per language
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            slug TEXT NOT NULL,
            titles TEXT NOT NULL,             -- JSON {lang: title}
            bodies TEXT NOT NULL,             -- JSON {lang: plain text, blank line = paragraph}
            sort_order INTEGER NOT NULL DEFAULT 0,
            published INTEGER NOT NULL DEFAULT 1,
            UNIQUE (site_id, slug)
        );
        -- Floor maps, with the names of IMDF (Indoor Mapping Data Format).
        CREATE TABLE map_levels (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            ordinal INTEGER NOT NULL,         -- the floor: 1 = 1층, -1 = 지하 1층
            names TEXT NOT NULL DEFAULT '{}',
            image TEXT,                       -- a file under media/plans/
            width INTEGER,                    -- the plan's size in pixels (map units)
            height INTEGER,
            pixels_per_metre REAL,
            UNIQUE (site_id, ordinal)
        );
        CREATE TABLE map_nodes (                -- the walking graph
            id INTEGER PRIMARY KEY,
            level_id INTEGER NOT NULL REFERENCES map_levels(id) ON DELETE CASCADE,
            x REAL NOT NULL,
            y REAL NOT NULL
        );
        CREATE TABLE map_edges (
            id INTEGER PRIMARY KEY,
            from_node INTEGER NOT NULL REFERENCES map_nodes(id) ON DELETE CASCADE,
            to_node INTEGER NOT NULL REFERENCES map_nodes(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'walkway'
                CHECK (kind IN ('walkway', 'elevator', 'stairs', 'escalator', 'ramp')),
            length_m REAL NOT NULL CHECK (length_m >= 0),
            step_free INTEGER NOT NULL DEFAULT 1,
            CHECK (from_node != to_node)
        );
        CREATE INDEX map_edges_from ON map_edges (from_node);
        CREATE INDEX map_edges_to ON map_edges (to_node);
        CREATE TABLE map_features (             -- units, amenities, kiosks and openings
            id INTEGER PRIMARY KEY,
            level_id INTEGER NOT NULL REFERENCES map_levels(id) ON DELETE CASCADE,
            feature_type TEXT NOT NULL
                CHECK (feature_type IN ('unit', 'amenity', 'kiosk', 'opening')),
            category TEXT NOT NULL,           -- IMDF category: office, elevator, restroom...
            names TEXT NOT NULL DEFAULT '{}',
            x REAL NOT NULL,                  -- the display point
            y REAL NOT NULL,
            outline TEXT,                     -- JSON [[x, y], ...] for a unit, or NULL
            facing REAL,                      -- a kiosk's facing in degrees, 0 = up the plan
            node_id INTEGER REFERENCES map_nodes(id) ON DELETE SET NULL, -- where one stands
            department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
            device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL
        );
        CREATE INDEX map_features_level ON map_features (level_id, feature_type);
        """
    )


@migrations()
def m006_page_answers(db: Database) -> None:
    # The charter's "was this information useful?": counts only, nothing about the visitor.
    db.executescript(
        """
        CREATE TABLE info_page_answers (
            page_id INTEGER NOT NULL REFERENCES info_pages(id),
            day TEXT NOT NULL,
            satisfied INTEGER NOT NULL CHECK (satisfied IN (0, 1)),
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (page_id, day, satisfied)
        );
        """
    )


@migrations()
def m007_visitor_after(db: Database) -> None:
    # "I am on my way back" from the phone page, one rating per finished ticket, and
    # visitors' feedback with its answer.
    # Ratings keep who served (counter, officer) for aggregate reports only: no
    # endpoint gives staff a single visitor's rating.
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN returning_at REAL;
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),  -- once per ticket
            site_id INTEGER NOT NULL REFERENCES sites(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            counter_id INTEGER REFERENCES counters(id),
            staff_id INTEGER REFERENCES staff(id),
            day TEXT NOT NULL,
            score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            reasons TEXT NOT NULL DEFAULT '[]',  -- JSON list of fixed reason keys
            channel TEXT NOT NULL CHECK (channel IN ('phone', 'kiosk')),
            device_id INTEGER REFERENCES devices(id),
            created_at REAL NOT NULL
        );
        CREATE INDEX ratings_site_day ON ratings (site_id, day);
        -- Complaints, praise and suggestions. The e-mail address exists only with
        -- consent, only to send the answer, and is erased once it is sent (or after
        -- CONTACT_DAYS in server/visitor/feedback.py).
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            ticket_id INTEGER REFERENCES tickets(id),
            kind TEXT NOT NULL CHECK (kind IN ('complaint', 'praise', 'suggestion')),
            ground TEXT CHECK (ground IN ('unkindness', 'unfaithful', 'other')),
            about_staff_id INTEGER REFERENCES staff(id),
            about_counter_id INTEGER REFERENCES counters(id),
            text TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('phone', 'kiosk')),
            lang TEXT NOT NULL DEFAULT 'ko',
            email TEXT,
            consent_at REAL,
            owner_staff_id INTEGER REFERENCES staff(id),
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'answered', 'closed')),
            answer TEXT,
            answered_by INTEGER REFERENCES staff(id),
            answered_at REAL,
            answer_sent_at REAL,
            confirmed_at REAL,                -- a complaint found true (charter item 14)
            confirmed_by INTEGER REFERENCES staff(id),
            created_at REAL NOT NULL,
            CHECK ((kind = 'complaint') = (ground IS NOT NULL)),
            CHECK (confirmed_at IS NULL OR kind = 'complaint'),
            CHECK (email IS NULL OR consent_at IS NOT NULL)
        );
        CREATE INDEX feedback_site ON feedback (site_id, status, created_at);
        -- The charter's 10,000-won voucher (item 13), on its three grounds, approved by
        -- an admin other than the one who proposed it.
        CREATE TABLE compensations (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            ground TEXT NOT NULL
                CHECK (ground IN ('came_twice', 'deadline_missed', 'unfaithful')),
            what TEXT NOT NULL,               -- what happened, without the visitor's name
            recipient TEXT NOT NULL DEFAULT '', -- how staff find the visitor at hand-over
            feedback_id INTEGER REFERENCES feedback(id),
            ticket_id INTEGER REFERENCES tickets(id),
            staff_id INTEGER REFERENCES staff(id),  -- the official at fault, if any
            amount_won INTEGER NOT NULL DEFAULT 10000 CHECK (amount_won > 0),
            status TEXT NOT NULL DEFAULT 'proposed'
                CHECK (status IN ('proposed', 'approved', 'rejected', 'handed_over')),
            proposed_by INTEGER NOT NULL REFERENCES staff(id),
            proposed_at REAL NOT NULL,
            decided_by INTEGER REFERENCES staff(id),
            decided_at REAL,
            handed_over_at REAL,
            CHECK (decided_by IS NULL OR decided_by != proposed_by)
        );
        -- Who looked at sensitive figures (per-officer unkindness counts), and when.
        CREATE TABLE access_log (
            id INTEGER PRIMARY KEY,
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            what TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '{}',  -- JSON
            at REAL NOT NULL
        );
        """
    )


@migrations()
def m008_map_openings(db: Database) -> None:
    # A door (IMDF opening) belongs to the unit it opens into; its node_id is where the
    # walking graph meets it, so routes end at the door and can count the doors they pass.
    db.executescript(
        """
        ALTER TABLE map_features ADD COLUMN unit_id INTEGER
            REFERENCES map_features(id) ON DELETE CASCADE;
        """
    )


@migrations()
def m009_visitor_notices(db: Database) -> None:
    # Notices to visitors who asked for them at the kiosk (server/visitor/notices.py).
    # The phone number and e-mail address live only for the ticket's day: the day-end
    # purge (server/workers/housekeeping.py) sets them to NULL; texts and counts stay.
    db.executescript(
        """
        CREATE TABLE notice_contacts (
            ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            day TEXT NOT NULL,                -- the ticket's day: kept until it ends
            lang TEXT NOT NULL,
            phone TEXT,                       -- digits; NULL once purged
            email TEXT,
            link TEXT,                        -- the phone page, for the thank-you
            consent_at REAL NOT NULL,
            ahead_at_consent INTEGER NOT NULL, -- "near" is sent when fewer are ahead
            device_id INTEGER REFERENCES devices(id),
            purged_at REAL
        );
        CREATE INDEX notice_contacts_day ON notice_contacts (site_id, day);
        -- The outbox: every message decided, sent or not. One row per ticket, channel
        -- and occasion, so a decision taken twice still sends once.
        CREATE TABLE notice_messages (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            day TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
            kind TEXT NOT NULL CHECK (kind IN ('near', 'called', 'thanks')),
            occasion TEXT NOT NULL,           -- 'near', 'thanks', 'called:<event seq>'
            address TEXT,                     -- NULL once purged
            subject TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,               -- never holds the address
            status TEXT NOT NULL CHECK (status IN
                ('queued', 'sending', 'sent', 'logged', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL,
            provider_id TEXT,
            last_error TEXT,
            idempotency_key TEXT NOT NULL UNIQUE,  -- given to the gateway on every try
            created_at REAL NOT NULL,
            sent_at REAL,
            UNIQUE (ticket_id, channel, occasion)
        );
        CREATE INDEX notice_messages_due ON notice_messages (status, next_attempt_at);
        CREATE INDEX notice_messages_day ON notice_messages (site_id, day);
        """
    )


@migrations()
def m010_first_call(db: Database) -> None:
    # Reports measure waiting up to the first call; called_at is replaced by a recall or
    # cleared by a transfer, and the event log is kept only for a while (housekeeping).
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN first_called_at REAL;
        UPDATE tickets SET first_called_at = coalesce(
            (SELECT min(e.at) FROM events e WHERE e.type = 'ticket.called'
             AND json_extract(e.data, '$.ticket.id') = tickets.id), called_at);
        """
    )


@migrations()
def m011_sessions_and_sign_in(db: Database) -> None:
    # Sign-ins live on the server (server/auth/sessions.py): the cookie holds a random id and
    # only its SHA-256 is kept, so the database never holds what a browser presents.
    # Failed sign-ins are counted per login and per client address (server/auth/signin.py);
    # the audit log records sign-ins, locks and revocations, never a password. The
    # signing key leaves the database (a file or the environment, server/app.py): a copy
    # of the database alone can mint no cookie.
    db.executescript(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            id_hash TEXT NOT NULL UNIQUE,     -- sha256 of the cookie's session id
            staff_id INTEGER NOT NULL REFERENCES staff(id),
            created_at REAL NOT NULL,
            last_seen_at REAL NOT NULL,       -- updated at most once a minute
            address TEXT NOT NULL DEFAULT '', -- the client address at sign-in
            user_agent TEXT NOT NULL DEFAULT '',
            revoked_at REAL,
            revoke_reason TEXT
        );
        CREATE INDEX sessions_staff ON sessions (staff_id, revoked_at);
        CREATE TABLE sign_in_failures (
            key TEXT PRIMARY KEY,             -- 'login:<as typed>' or 'address:<ip>'
            failures INTEGER NOT NULL DEFAULT 0,
            last_attempt_at REAL NOT NULL,
            next_attempt_at REAL,             -- throttled until then
            locked_until REAL                 -- logins only
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            action TEXT NOT NULL,
            staff_id INTEGER REFERENCES staff(id),  -- whose account it concerns
            login TEXT,                       -- as typed at sign-in
            actor_id INTEGER REFERENCES staff(id),  -- the admin who acted, if any
            address TEXT,
            detail TEXT NOT NULL DEFAULT '{}'  -- JSON
        );
        CREATE INDEX audit_log_staff ON audit_log (staff_id, at);
        CREATE INDEX audit_log_at ON audit_log (at);
        DELETE FROM app_settings WHERE key = 'secret_key';
        """
    )


@migrations()
def m013_call_order(db: Database) -> None:
    # Choosing the next ticket reads the head of each lane of the queue (a service's own
    # tickets, those sent to a counter, those reserved for an officer) from an index in
    # call order, so call-next costs the same however many wait (QueueEngine._first).
    db.executescript(
        """
        CREATE INDEX tickets_due ON tickets
            (service_id, day, status, appointment_at, arrival_at)
            WHERE appointment_at IS NOT NULL;
        CREATE INDEX tickets_for_counter ON tickets
            (target_counter_id, day, status, priority, arrival_at)
            WHERE target_counter_id IS NOT NULL;
        CREATE INDEX tickets_for_counter_due ON tickets
            (target_counter_id, day, status, appointment_at, arrival_at)
            WHERE target_counter_id IS NOT NULL AND appointment_at IS NOT NULL;
        CREATE INDEX tickets_for_staff ON tickets
            (target_staff_id, day, status, priority, arrival_at)
            WHERE target_staff_id IS NOT NULL;
        CREATE INDEX tickets_for_staff_due ON tickets
            (target_staff_id, day, status, appointment_at, arrival_at)
            WHERE target_staff_id IS NOT NULL AND appointment_at IS NOT NULL;
        """
    )


@migrations()
def m014_cases(db: Database) -> None:
    # A case (server/staff/cases.py): a matter accepted at the counter (접수) whose legal
    # period outlasts the visit. The period, due and target moments are fixed at receipt
    # by the Act's calendar (server/queue/calendar.py). The visitor's contact is kept only
    # with consent, for the case's notices, and erased when it closes or at purge_after.
    # Case notices go through the visitors' outbox: notice_messages gains two kinds
    # (SQLite changes a CHECK only by rebuilding the table).
    db.executescript(
        """
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
            officer_staff_id INTEGER NOT NULL REFERENCES staff(id),
            reference TEXT NOT NULL DEFAULT '', -- the office's own receipt number
            period_unit TEXT NOT NULL,        -- the service's legal period at receipt
            period_value REAL NOT NULL,
            target_ratio REAL NOT NULL,
            received_at REAL NOT NULL,
            day TEXT NOT NULL,                -- the site's local day of receipt
            due_at REAL NOT NULL,             -- the end of the legal period
            target_at REAL NOT NULL,          -- the charter's target (80% of it)
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            outcome TEXT CHECK (outcome IN ('granted', 'refused', 'withdrawn', 'transferred')),
            closed_at REAL,
            closed_by INTEGER REFERENCES staff(id),
            lang TEXT NOT NULL DEFAULT 'ko',  -- the visitor's language for notices
            phone TEXT,                       -- mobile digits, only with consent
            email TEXT,
            consent_at REAL,
            interim_at REAL,                  -- periods of 30 days or more: interim notice
            interim_queued_at REAL,
            purge_after REAL NOT NULL,        -- the contact is erased after this
            purged_at REAL,
            created_at REAL NOT NULL,
            CHECK ((phone IS NULL AND email IS NULL) OR (consent_at IS NOT NULL AND status = 'open')),
            CHECK ((status = 'closed') = (closed_at IS NOT NULL AND outcome IS NOT NULL))
        );
        CREATE INDEX cases_officer ON cases (officer_staff_id, status, due_at);
        CREATE INDEX cases_site ON cases (site_id, status, due_at);
        CREATE INDEX cases_day ON cases (site_id, day);

        CREATE TABLE notice_messages_new (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER NOT NULL REFERENCES tickets(id),
            site_id INTEGER NOT NULL REFERENCES sites(id),
            day TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
            kind TEXT NOT NULL CHECK (kind IN
                ('near', 'called', 'thanks', 'case_interim', 'case_done')),
            occasion TEXT NOT NULL,
            address TEXT,
            subject TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('queued', 'sending', 'sent', 'logged', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL,
            provider_id TEXT,
            last_error TEXT,
            idempotency_key TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            sent_at REAL,
            UNIQUE (ticket_id, channel, occasion)
        );
        INSERT INTO notice_messages_new SELECT * FROM notice_messages;
        DROP TABLE notice_messages;
        ALTER TABLE notice_messages_new RENAME TO notice_messages;
        CREATE INDEX notice_messages_due ON notice_messages (status, next_attempt_at);
        CREATE INDEX notice_messages_day ON notice_messages (site_id, day);
        """
    )


@migrations()
def m015_waiting_counts(db: Database) -> None:
    # How many wait, per service, day and priority, kept by triggers in the same statement
    # as every change of a ticket: each event carries its services' queue figures, and
    # counting thousands of waiting rows for each would make every command slower as the
    # queue grows (QueueEngine.waiting_count, people_ahead).
    db.executescript(
        """
        CREATE TABLE waiting_counts (
            service_id INTEGER NOT NULL,
            day TEXT NOT NULL,
            priority INTEGER NOT NULL,
            waiting INTEGER NOT NULL,
            PRIMARY KEY (service_id, day, priority)
        ) WITHOUT ROWID;
        INSERT INTO waiting_counts SELECT service_id, day, priority, count(*) FROM tickets
            WHERE status = 'waiting' GROUP BY service_id, day, priority;
        CREATE TRIGGER waiting_counts_insert AFTER INSERT ON tickets
            WHEN NEW.status = 'waiting' BEGIN
            INSERT INTO waiting_counts VALUES (NEW.service_id, NEW.day, NEW.priority, 1)
                ON CONFLICT DO UPDATE SET waiting = waiting + 1;
        END;
        CREATE TRIGGER waiting_counts_leave AFTER UPDATE OF status, service_id, day, priority
            ON tickets WHEN OLD.status = 'waiting' BEGIN
            UPDATE waiting_counts SET waiting = waiting - 1 WHERE service_id = OLD.service_id
                AND day = OLD.day AND priority = OLD.priority;
        END;
        CREATE TRIGGER waiting_counts_enter AFTER UPDATE OF status, service_id, day, priority
            ON tickets WHEN NEW.status = 'waiting' BEGIN
            INSERT INTO waiting_counts VALUES (NEW.service_id, NEW.day, NEW.priority, 1)
                ON CONFLICT DO UPDATE SET waiting = waiting + 1;
        END;
        CREATE TRIGGER waiting_counts_delete AFTER DELETE ON tickets
            WHEN OLD.status = 'waiting' BEGIN
            UPDATE waiting_counts SET waiting = waiting - 1 WHERE service_id = OLD.service_id
                AND day = OLD.day AND priority = OLD.priority;
        END;
        """
    )


@migrations()
def m016_call_began(db: Database) -> None:
    # When the current call began: a recall moves called_at, but the minimum wait before a
    # no-show counts from the call itself (QueueEngine._ensure_no_show_allowed).
    db.execute("ALTER TABLE tickets ADD COLUMN call_began_at REAL")
    db.execute("UPDATE tickets SET call_began_at = called_at "
               "WHERE status IN ('called', 'serving')")


@migrations()
def m017_planned_breaks(db: Database) -> None:
    # A counter's planned absences in local time, "12:00-13:00" (a lunch rotation): the
    # wait forecast counts the counter out then (queue/forecast.py).
    db.execute("ALTER TABLE counters ADD COLUMN breaks TEXT NOT NULL DEFAULT ''")


@migrations()
def m018_service_keywords(db: Database) -> None:
    # The everyday words visitors search a service by ("등본", "passport"), per language:
    # JSON {lang: "word, word"} (maps/search.py).
    db.execute("ALTER TABLE services ADD COLUMN keywords TEXT NOT NULL DEFAULT '{}'")
    # The kiosk's common services count a month of tickets per service (queue/common.py).
    db.execute("CREATE INDEX tickets_issued ON tickets (site_id, issued_at, service_id)")


@migrations()
def m019_translated_places_and_duties(db: Database) -> None:
    # A department's room, a counter's location and an officer's duty in every kiosk
    # language, JSON {lang: text} like `names`. The old text columns keep the Korean, which
    # search, the staff console and the screens' Korean line read (admin/translations.py).
    for table, old, new in (("departments", "room", "rooms"), ("counters", "location", "locations"),
                            ("staff", "duty", "duties")):
        db.execute(f"ALTER TABLE {table} ADD COLUMN {new} TEXT NOT NULL DEFAULT '{{}}'")
        db.execute(f"UPDATE {table} SET {new} = json_object('ko', {old}) WHERE {old} != ''")


@migrations()
def m020_targeted_waiting(db: Database) -> None:
    # The wait forecast reads every waiting ticket of a site sent to a counter or reserved
    # for an officer (QueueEngine._head_of_queues). m013's indexes lead with the counter or
    # officer, so that read walked every transfer ever made; this one holds the waiting
    # ones alone, by site and day, and the read seeks however long the history grows.
    db.execute("CREATE INDEX tickets_targeted_waiting ON tickets (site_id, day) "
               "WHERE status = 'waiting' "
               "AND (target_counter_id IS NOT NULL OR target_staff_id IS NOT NULL)")


@migrations()
def m021_counter_alarms(db: Database) -> None:
    # The counter's silent bell (server/staff/alarms.py): who raised it, where and when,
    # and how it ended (cleared by a supervisor, or a false alarm the officer took back).
    # Security contacts hear of it through the visitors' outbox: notice_messages gains the
    # kinds 'alarm' and 'alarm_false' and rows of no ticket (SQLite changes a CHECK and a
    # NOT NULL only by rebuilding the table).
    db.executescript(
        """
        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            counter_id INTEGER NOT NULL REFERENCES counters(id),
            raised_by INTEGER NOT NULL REFERENCES staff(id),
            raised_at REAL NOT NULL,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'cleared', 'false_alarm')),
            ended_at REAL,
            ended_by INTEGER REFERENCES staff(id),
            CHECK ((status = 'open') = (ended_at IS NULL))
        );
        CREATE INDEX alarms_site ON alarms (site_id, status, raised_at);

        CREATE TABLE notice_messages_new (
            id INTEGER PRIMARY KEY,
            ticket_id INTEGER REFERENCES tickets(id),  -- NULL for an alarm's messages
            site_id INTEGER NOT NULL REFERENCES sites(id),
            day TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('sms', 'email')),
            kind TEXT NOT NULL CHECK (kind IN
                ('near', 'called', 'thanks', 'case_interim', 'case_done', 'alarm',
                 'alarm_false')),
            occasion TEXT NOT NULL,           -- for an alarm: 'alarm:<id>', 'alarm_false:<id>'
            address TEXT,
            subject TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('queued', 'sending', 'sent', 'logged', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL,
            provider_id TEXT,
            last_error TEXT,
            idempotency_key TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            sent_at REAL,
            UNIQUE (ticket_id, channel, occasion)
        );
        INSERT INTO notice_messages_new SELECT * FROM notice_messages;
        DROP TABLE notice_messages;
        ALTER TABLE notice_messages_new RENAME TO notice_messages;
        CREATE INDEX notice_messages_due ON notice_messages (status, next_attempt_at);
        CREATE INDEX notice_messages_day ON notice_messages (site_id, day);
        """
    )


@migrations()
def m022_service_documents(db: Database) -> None:
    # What a visitor brings, pays and who may apply, per language like `names`: documents
    # is JSON {lang: ["item", ...]}, fee and who_may_apply JSON {lang: text}.
    for column in ("documents", "fee", "who_may_apply"):
        db.execute(f"ALTER TABLE services ADD COLUMN {column} TEXT NOT NULL DEFAULT '{{}}'")


@migrations()
def m023_notice_delivery(db: Database) -> None:
    # Notices through Korean providers (server/visitor/providers/): what filled a notice's
    # text, for a KakaoTalk template's variables; and the delivery report the outbox polls
    # after a provider accepted a message (delivery: 'pending' until 'delivered', 'failed'
    # or, when the provider never says, 'unknown'; delivered_via: alimtalk, sms or lms).
    db.executescript(
        """
        ALTER TABLE notice_messages ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE notice_messages ADD COLUMN delivery TEXT;
        ALTER TABLE notice_messages ADD COLUMN delivered_via TEXT;
        ALTER TABLE notice_messages ADD COLUMN delivery_detail TEXT;
        ALTER TABLE notice_messages ADD COLUMN report_due_at REAL;
        CREATE INDEX notice_messages_reports ON notice_messages (delivery, report_due_at);
        """
    )


@migrations()
def m024_visit_languages(db: Database) -> None:
    # The language the visitor chose at the kiosk, kept on the ticket for this visit (a
    # preference, not a personal datum): the desk shows it beside the number and the board
    # announces the call in it after Korean. A counter lists the languages other than
    # Korean that its officer or an interpreter device serves (JSON ["vi", ...]); when the
    # site prefers language-matched counters, call-next seeks the oldest ticket of each
    # such language in a lane (QueueEngine.choose_next). These partial indexes hold the
    # foreign-language tickets alone, in call order, so that seek costs one index range
    # and Korean tickets (most of them) cost no extra index writes.
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN lang TEXT NOT NULL DEFAULT 'ko';
        ALTER TABLE counters ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX tickets_queue_lang ON tickets
            (service_id, day, status, priority, lang, arrival_at) WHERE lang <> 'ko';
        CREATE INDEX tickets_for_counter_lang ON tickets
            (target_counter_id, day, status, priority, lang, arrival_at)
            WHERE target_counter_id IS NOT NULL AND lang <> 'ko';
        CREATE INDEX tickets_for_staff_lang ON tickets
            (target_staff_id, day, status, priority, lang, arrival_at)
            WHERE target_staff_id IS NOT NULL AND lang <> 'ko';
        """
    )


@migrations()
def m025_self_service(db: Database) -> None:
    # The machine next door: a service the lobby's unmanned certificate machine
    # (무인민원발급기) or 정부24 online issues, and what the machine asks of the visitor
    # (JSON ["id_card", "fingerprint"]). The kiosk says so before the ticket; what the
    # visitor chose is counted per site, service, day and choice, nothing about the visitor
    # (server/visitor/self_service.py), for the reports.
    db.executescript(
        """
        ALTER TABLE services ADD COLUMN machine_issue INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE services ADD COLUMN online_issue INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE services ADD COLUMN machine_needs TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE self_service_choices (
            site_id INTEGER NOT NULL REFERENCES sites(id),
            service_id INTEGER NOT NULL REFERENCES services(id),
            day TEXT NOT NULL,
            choice TEXT NOT NULL CHECK (choice IN ('machine', 'ticket')),
            count INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (site_id, service_id, day, choice)
        );
        """
    )


@migrations()
def m026_surveys(db: Database) -> None:
    # The charter's yearly satisfaction survey at the kiosk (server/visitor/surveys.py).
    # A survey runs from starts_on to ends_on (site days, both included); its questions
    # each have a text per language and a scale (agree5, yes_no, score11). A visitor
    # answers once per ticket: a response is keyed by an opaque token made from the
    # ticket (never the ticket's id), and keeps no time, so it cannot be matched to a
    # visit. Skipped questions have no answer row.
    db.executescript(
        """
        CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            titles TEXT NOT NULL,             -- JSON {lang: title}
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX surveys_site ON surveys (site_id, starts_on);
        CREATE TABLE survey_questions (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            texts TEXT NOT NULL,              -- JSON {lang: question}
            scale TEXT NOT NULL,
            sort_order INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX survey_questions_survey ON survey_questions (survey_id, sort_order);
        CREATE TABLE survey_responses (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            token TEXT NOT NULL,
            UNIQUE (survey_id, token)
        );
        CREATE TABLE survey_answers (
            response_id INTEGER NOT NULL REFERENCES survey_responses(id),
            question_id INTEGER NOT NULL REFERENCES survey_questions(id),
            value INTEGER NOT NULL,
            PRIMARY KEY (response_id, question_id)
        );
        """
    )


@migrations()
def m027_sign_language(db: Database) -> None:
    # A short Korean Sign Language video (수어 안내) per service or information page, with
    # optional Korean captions (WebVTT); the files are in media/sign/, named by their URL
    # here. A help request's `kind`: 'staff' (직원 호출) or 'sign' (수어 통역 요청).
    db.executescript(
        """
        CREATE TABLE sign_videos (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            subject TEXT NOT NULL CHECK (subject IN ('service', 'page')),
            subject_id INTEGER NOT NULL,
            video TEXT NOT NULL,
            video_type TEXT NOT NULL,
            captions TEXT NOT NULL DEFAULT '',
            updated_at REAL NOT NULL,
            UNIQUE (subject, subject_id)
        );
        CREATE INDEX sign_videos_site ON sign_videos (site_id);
        ALTER TABLE help_requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'staff';
        """
    )


# The statuses a ticket may have once m028 adds 'remote' (a remote ticket not yet checked
# in); PostgreSQL's wording of the same change is in postgres_schema.STEP_REWRITES.
TICKET_STATUS_CHECK = ("'waiting', 'called', 'serving', 'held', 'done', 'no_show', "
                       "'cancelled', 'remote'")


def _loosen_check(db: Database, table: str, old: str, new: str) -> None:
    """Rewrite a CHECK in `table`'s stored definition, text `old` to `new`. SQLite cannot
    alter a CHECK constraint; loosening one (a value more allowed) leaves every stored row
    valid, so the definition is rewritten in place, as SQLite's documentation allows for
    such a change, rather than copying the whole table. PostgreSQL's wording of each such
    step is an ALTER TABLE in postgres_schema.STEP_REWRITES."""
    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"
    db.execute("PRAGMA writable_schema = ON")
    db.execute(f"UPDATE sqlite_master SET sql = replace(sql, {quoted(old)}, {quoted(new)}) "
               f"WHERE type = 'table' AND name = {quoted(table)}")
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m028_remote_tickets(db: Database) -> None:
    # A number from the phone (server/queue/remote.py, docs/public.md): a remote ticket is
    # a ticket of its service with channel 'remote' and status 'remote' until the visitor
    # checks in with its code; every call-order index and query reads status 'waiting'
    # only, so a ticket not yet checked in is never called and costs call-next nothing.
    # Check-in makes it 'waiting' with its arrival time kept: its original place.
    _loosen_check(db, "tickets", "'no_show', 'cancelled')",
                  "'no_show', 'cancelled', 'remote')")
    db.executescript(
        """
        ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'kiosk';
        ALTER TABLE tickets ADD COLUMN checkin_code TEXT;   -- a remote ticket's, till check-in
        ALTER TABLE tickets ADD COLUMN checked_in_at REAL;
        ALTER TABLE tickets ADD COLUMN held_aside_at REAL;  -- reached the front unchecked
        ALTER TABLE tickets ADD COLUMN remote_token TEXT;   -- the phone page's request token
        CREATE UNIQUE INDEX tickets_checkin_code ON tickets (site_id, day, checkin_code)
            WHERE checkin_code IS NOT NULL;
        CREATE UNIQUE INDEX tickets_remote_token ON tickets (remote_token)
            WHERE remote_token IS NOT NULL;
        CREATE INDEX tickets_remote ON tickets (site_id, day, issued_at)
            WHERE channel = 'remote';
        ALTER TABLE services ADD COLUMN remote_enabled INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE services ADD COLUMN remote_share_percent INTEGER NOT NULL DEFAULT 30;
        ALTER TABLE services ADD COLUMN remote_hold_minutes INTEGER NOT NULL DEFAULT 10;
        """
    )


# The kinds of visitors' notices once m029 adds a remote ticket's two.
NOTICE_KIND_CHECK = ("'near', 'called', 'thanks', 'case_interim', 'case_done', 'alarm', "
                     "'alarm_false', 'checkin_due', 'lapsed'")


@migrations()
def m029_remote_notices(db: Database) -> None:
    # A number taken from the phone tells its visitor, by the notices they gave a number
    # for: 'checkin_due' when it reached the front before they checked in (it waits aside
    # for the service's hold minutes), 'lapsed' when it lapsed unchecked
    # (server/visitor/notices.py).
    _loosen_check(db, "notice_messages", "'alarm_false')),",
                  "'alarm_false', 'checkin_due', 'lapsed')),")
