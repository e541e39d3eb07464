"""The workspace schema, as forward migrations.

`MIGRATIONS[n-1]` takes a file from schema version n-1 to n; `Store` runs every pending one
in a single `BEGIN IMMEDIATE` transaction and then sets `PRAGMA user_version`. Append new
migrations; never edit one that has shipped.

Every table whose rows people edit has `version` (optimistic locking: saves are
`UPDATE … WHERE id = ? AND version = ?`) and created/updated stamps. Items that people
refer to by key (REQ-n, CR-n, FB-n, CM-n) keep the number in its own indexed column.
"""

APPLICATION_ID = 0x48444C45  # "HDLE": tells a Huddle workspace from any other SQLite file

_AUDIT = """
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
"""

_V1 = [
    f"""CREATE TABLE members (
    login TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'lead')),
    active INTEGER NOT NULL DEFAULT 1,
    {_AUDIT})""",
    f"""CREATE TABLE projects (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    {_AUDIT})""",
    f"""CREATE TABLE standups (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    login TEXT NOT NULL REFERENCES members(login),
    yesterday TEXT NOT NULL DEFAULT '',
    today TEXT NOT NULL DEFAULT '',
    blockers TEXT NOT NULL DEFAULT '',
    {_AUDIT},
    UNIQUE (date, login))""",
    "CREATE INDEX standups_login_date ON standups (login, date)",
    f"""CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    project TEXT NOT NULL REFERENCES projects(key),
    name TEXT NOT NULL,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    {_AUDIT},
    UNIQUE (project, name))""",
    f"""CREATE TABLE requirements (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    project TEXT REFERENCES projects(key),
    title TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    acceptance_criteria TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    priority TEXT NOT NULL DEFAULT 'P2' CHECK (priority IN ('P0', 'P1', 'P2', 'P3')),
    status TEXT NOT NULL DEFAULT 'draft',
    owner TEXT,
    milestone_id INTEGER REFERENCES milestones(id),
    confirmed_by TEXT,
    confirmed_at TEXT,
    accepted_by TEXT,
    accepted_at TEXT,
    {_AUDIT})""",
    "CREATE INDEX requirements_status ON requirements (status, priority, number)",
    "CREATE INDEX requirements_project ON requirements (project, status)",
    "CREATE INDEX requirements_milestone ON requirements (milestone_id)",
    # Filter-as-you-type scans this narrow covering index, not rows with long descriptions.
    "CREATE INDEX requirements_search ON requirements (title, key, source, owner, project, status, milestone_id)",
    f"""CREATE TABLE change_requests (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    project TEXT REFERENCES projects(key),
    title TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL DEFAULT '',
    requirement TEXT,
    priority TEXT NOT NULL DEFAULT 'P2' CHECK (priority IN ('P0', 'P1', 'P2', 'P3')),
    status TEXT NOT NULL DEFAULT 'submitted',
    assignee TEXT,
    effort_days REAL,
    schedule_days REAL,
    cost REAL,
    risk TEXT CHECK (risk IS NULL OR risk IN ('low', 'medium', 'high')),
    assessment_note TEXT NOT NULL DEFAULT '',
    assessed_by TEXT,
    assessed_at TEXT,
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    duplicate_of TEXT,
    snoozed_until TEXT,
    status_at TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT '',
    {_AUDIT})""",
    "CREATE INDEX change_requests_status ON change_requests (status, priority, number)",
    "CREATE INDEX change_requests_project ON change_requests (project, status)",
    # The queue's order, covering what its filters read (`search` is key + title +
    # requester): a filter keystroke scans one of these indexes, never the table; the
    # partial one holds only open requests (see tui/store/changes.py, QueueSource).
    "CREATE INDEX change_requests_queue ON change_requests"
    " (priority, status_at DESC, number DESC, status, snoozed_until, assignee, search)",
    "CREATE INDEX change_requests_open_queue ON change_requests"
    " (priority, status_at DESC, number DESC, status, snoozed_until, assignee, search)"
    " WHERE status IN ('submitted', 'assessing', 'approved', 'implementing', 'verifying')",
    "CREATE INDEX change_requests_open ON change_requests (status, snoozed_until)",
    "CREATE INDEX change_requests_assignee ON change_requests (assignee, status)",
    f"""CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    project TEXT REFERENCES projects(key),
    contact TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT 'meeting',
    received_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    csat INTEGER CHECK (csat IS NULL OR csat BETWEEN 1 AND 5),
    sentiment TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    owner TEXT,
    follow_up_on TEXT,
    follow_up_outcome TEXT NOT NULL DEFAULT '',
    linked_key TEXT,
    acknowledged_at TEXT,
    closed_at TEXT,
    {_AUDIT})""",
    "CREATE INDEX feedback_status ON feedback (status, received_at)",
    "CREATE INDEX feedback_project ON feedback (project, received_at)",
    "CREATE INDEX feedback_received ON feedback (received_at, number, key)",
    "CREATE INDEX feedback_follow_up ON feedback (follow_up_on)",
    f"""CREATE TABLE commitments (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    project TEXT REFERENCES projects(key),
    promise TEXT NOT NULL,
    to_whom TEXT NOT NULL DEFAULT '',
    owner TEXT,
    due TEXT NOT NULL,
    original_due TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    closed_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    {_AUDIT})""",
    "CREATE INDEX commitments_status ON commitments (status, due)",
    "CREATE INDEX commitments_list ON commitments ((status IN ('kept', 'missed')), due, number, key)",
    "CREATE INDEX commitments_closed ON commitments (status, project, owner, original_due, closed_at)",
    "CREATE INDEX commitments_project ON commitments (project, status)",
    "CREATE INDEX commitments_owner ON commitments (owner, status)",
    """CREATE TABLE links (
    from_key TEXT NOT NULL,
    to_key TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'related',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (from_key, to_key, kind))""",
    "CREATE INDEX links_to ON links (to_key)",
    # `comments` is not used by any area (comments became the items' own notes and the
    # activity trail). It stays: dropping it would take a schema version, and a file of a
    # newer version is refused by every older Huddle still running on the team's host.
    f"""CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    body TEXT NOT NULL,
    {_AUDIT})""",
    "CREATE INDEX comments_key ON comments (key, id)",
    """CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT,
    old TEXT,
    new TEXT,
    note TEXT,
    actor TEXT NOT NULL,
    at TEXT NOT NULL)""",
    "CREATE INDEX activity_key ON activity (key, id)",
    "CREATE INDEX activity_at ON activity (at)",
    """CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL)""",
    """CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    login TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    seen_at TEXT NOT NULL)""",
]

# Version 2: projects carry their client (language, contacts, dates, archived); the
# standup records who was absent on a day (a note is never written just to say so); client
# meetings (MT-n) with their decisions and action items; items may carry their text in the
# other language too (`text_lang` is the language of `title`/`detail` as typed, `*_tr` the
# same text in the other language, '' when there is none); a blocker can be marked as
# waiting on the client (the only kind a client report shows).
_V2 = [
    "ALTER TABLE projects ADD COLUMN client_lang TEXT NOT NULL DEFAULT 'en'"
    " CHECK (client_lang IN ('en', 'zh_CN'))",
    "ALTER TABLE projects ADD COLUMN contacts TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE projects ADD COLUMN start_on TEXT",
    "ALTER TABLE projects ADD COLUMN end_on TEXT",
    "ALTER TABLE projects ADD COLUMN archived INTEGER NOT NULL DEFAULT 0",
    f"""CREATE TABLE attendance (
    date TEXT NOT NULL,
    login TEXT NOT NULL REFERENCES members(login),
    absent INTEGER NOT NULL DEFAULT 1,
    {_AUDIT},
    PRIMARY KEY (date, login))""",
    f"""CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    project TEXT REFERENCES projects(key),
    date TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'weekly' CHECK (kind IN ('weekly', 'workshop', 'acceptance', 'other')),
    title TEXT NOT NULL DEFAULT '',
    attendees TEXT NOT NULL DEFAULT '',
    client_attendees TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    {_AUDIT})""",
    "CREATE INDEX meetings_project ON meetings (project, date)",
    "CREATE INDEX meetings_date ON meetings (date, number)",
    f"""CREATE TABLE meeting_decisions (
    id INTEGER PRIMARY KEY,
    meeting TEXT NOT NULL REFERENCES meetings(key),
    text TEXT NOT NULL,
    links TEXT NOT NULL DEFAULT '',
    {_AUDIT})""",
    "CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting, id)",
    f"""CREATE TABLE meeting_actions (
    id INTEGER PRIMARY KEY,
    meeting TEXT NOT NULL REFERENCES meetings(key),
    text TEXT NOT NULL,
    owner TEXT,
    due TEXT,
    promise INTEGER NOT NULL DEFAULT 0,
    commitment TEXT,
    done_at TEXT,
    {_AUDIT})""",
    "CREATE INDEX meeting_actions_meeting ON meeting_actions (meeting, id)",
    "CREATE INDEX meeting_actions_owner ON meeting_actions (owner, due)",
    "ALTER TABLE requirements ADD COLUMN text_lang TEXT",
    "ALTER TABLE requirements ADD COLUMN title_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE requirements ADD COLUMN detail_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE change_requests ADD COLUMN text_lang TEXT",
    "ALTER TABLE change_requests ADD COLUMN title_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE change_requests ADD COLUMN detail_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE commitments ADD COLUMN text_lang TEXT",
    "ALTER TABLE commitments ADD COLUMN promise_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE feedback ADD COLUMN text_lang TEXT",
    "ALTER TABLE feedback ADD COLUMN summary_tr TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE standups ADD COLUMN blockers_wait_on_client INTEGER NOT NULL DEFAULT 0",
]


# Version 3: filter-as-you-type finds what a person sees, in either language, at once.
# Each list area's table keeps `search`: the text its filter looks in (the key, the text
# and its translation, the owner's login and display name, …; `SEARCHED` below), written
# by SQLite itself (triggers), so every write keeps it right, whoever makes it (the app,
# the command line, an import, the demo, a member's rename). A trigram full-text index
# (`<table>_fts`) over that column finds the few items that hold a word without reading every row (a word of 3 or
# more characters by its trigrams, a shorter one by the index's terms that begin with it,
# `<table>_terms`); words so common that reading rows in order finds them at once use
# LIKE on the column alone (tui/store/area.py decides).

SEARCHED: dict[str, tuple[str, ...]] = {
    "requirements": ("key", "title", "title_tr", "owner", "@owner", "source"),
    "change_requests": ("key", "title", "title_tr", "requested_by"),
    "feedback": ("key", "summary", "summary_tr", "contact", "owner", "@owner", "project"),
    "commitments": ("key", "promise", "promise_tr", "to_whom", "owner", "@owner", "project"),
}
"""What each area's `search` holds, one line each; `@owner` is that member's display name."""


def search_expression(table: str) -> str:
    """SQL for the `search` value of the row of `table` being written (columns qualified by
    the table's name, so it serves in an UPDATE of that table and in its triggers): one
    line per part, and an empty line at the end, in lower case (SQLite's `lower()`: ASCII
    letters), so that the filter is `instr()`, which reads the text to its end (LIKE stops
    at a NUL) and takes every character literally."""
    parts = []
    for column in SEARCHED[table]:
        if column.startswith("@"):
            parts.append(f"COALESCE((SELECT display_name FROM members WHERE members.login = {table}.{column[1:]}), '')")
        else:
            parts.append(f"COALESCE({table}.{column}, '')")
    # Two line ends close the text, so that every character of it begins a trigram of the
    # index: a word of one or two characters is then found among the index's terms.
    return "lower(" + " || char(10) || ".join(parts) + " || char(10) || char(10))"


def _search_v3(table: str) -> list[str]:
    expression = search_expression(table)
    fts = f"{table}_fts"
    watched = ", ".join(column for column in SEARCHED[table] if not column.startswith("@"))
    # The index keeps its own copy of the text, so that it can forget a row by its id
    # whatever happened to the row: the triggers stay right in any order, nested or not
    # (sqlite-utils turns SQLite's recursive_triggers on), and each ends with the index
    # holding the row's `search` as it is stored.
    # The index is given the text as a JSON string (`json_quote`): the trigram tokenizer
    # stops at a NUL, which JSON writes as \u0000 (area.py quotes the words the same way).
    reindex = (f"DELETE FROM {fts} WHERE rowid = NEW.id;\n"
               f"    INSERT INTO {fts}(rowid, search) SELECT id, json_quote(search) FROM {table} WHERE id = NEW.id;")
    return [
        f"UPDATE {table} SET search = {expression}",
        # Which rows hold each trigram, not where (detail=none: 40% of the size of a full
        # index): a word is looked up as all of its trigrams, and `instr` decides.
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search, tokenize='trigram', detail=none)",
        f"INSERT INTO {fts}(rowid, search) SELECT id, json_quote(search) FROM {table}",
        # The index's terms (trigrams) and how many items hold each: a short word's lookup.
        f"CREATE VIRTUAL TABLE {table}_terms USING fts5vocab({fts}, 'row')",
        f"""CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN
    UPDATE {table} SET search = {expression} WHERE id = NEW.id AND search IS NOT {expression};
    {reindex}
END""",
        f"""CREATE TRIGGER {table}_search_update AFTER UPDATE OF {watched} ON {table}
    WHEN NEW.search IS NOT (SELECT {expression} FROM {table} WHERE id = NEW.id) BEGIN
    UPDATE {table} SET search = {expression} WHERE id = NEW.id;
END""",
        f"""CREATE TRIGGER {table}_search_index AFTER UPDATE OF search ON {table} BEGIN
    {reindex}
END""",
        f"""CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN
    DELETE FROM {fts} WHERE rowid = OLD.id;
END""",
    ]


_V3 = [
    "ALTER TABLE requirements ADD COLUMN search TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE feedback ADD COLUMN search TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE commitments ADD COLUMN search TEXT NOT NULL DEFAULT ''",
    *(statement for table in SEARCHED for statement in _search_v3(table)),
    # A member's new display name is found in what they own.
    "CREATE TRIGGER members_search_name AFTER UPDATE OF display_name ON members BEGIN\n"
    + "".join(f"    UPDATE {table} SET search = {search_expression(table)} WHERE owner = NEW.login;\n"
              for table in SEARCHED if "@owner" in SEARCHED[table])
    + "END",
    "CREATE TRIGGER members_search_join AFTER INSERT ON members BEGIN\n"
    + "".join(f"    UPDATE {table} SET search = {search_expression(table)} WHERE owner = NEW.login;\n"
              for table in SEARCHED if "@owner" in SEARCHED[table])
    + "END",
    # The scans a short word needs read these narrow indexes, in each list's order, not the
    # rows (whose descriptions can be long).
    "DROP INDEX requirements_search",
    "CREATE INDEX requirements_search ON requirements (number, status, project, milestone_id, search)",
    "CREATE INDEX feedback_search ON feedback (received_at, number, key, status, search)",
    "CREATE INDEX commitments_search ON commitments"
    " ((status IN ('kept', 'missed')), due, number, key, status, search)",
    # The project whose client a blocker waits on (null: internal, or marked before the
    # project was asked for; a report then guesses it from the text, as it used to).
    "ALTER TABLE standups ADD COLUMN blockers_project TEXT REFERENCES projects(key)",
]

MIGRATIONS: list[list[str]] = [_V1, _V2, _V3]
SCHEMA_VERSION = len(MIGRATIONS)
