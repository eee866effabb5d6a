-- A history of schema version 1 (coverage rounds only), as curriculum-map 0.1.0 wrote it:
-- one round '2023-2024' of the small starter framework (framework-new.yaml), one workbook.
-- tests/test_history.py loads it and opens it with the current version (which adds migration 2).
-- Never regenerate it with a newer version: it stands for files users already have.
BEGIN TRANSACTION;
CREATE TABLE framework_items (
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    code TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    focus_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    component_id TEXT NOT NULL,
    component_kind TEXT,
    name_nl TEXT NOT NULL,
    name_en TEXT NOT NULL,
    subtheme_nl TEXT NOT NULL,
    subtheme_en TEXT NOT NULL,
    PRIMARY KEY (framework_key, kind, item_id)
);
INSERT INTO "framework_items" VALUES(1,'focus','A','FA',1,'A','','',NULL,'Eerste focus','First focus','','');
INSERT INTO "framework_items" VALUES(1,'cluster','1','C1',2,'A','1','',NULL,'Eerste cluster','','','');
INSERT INTO "framework_items" VALUES(1,'component','1.1','1.1',3,'A','1','1.1','kennis','kennis','knowledge','','');
INSERT INTO "framework_items" VALUES(1,'competence','1.1.1','1.1.1',4,'A','1','1.1','kennis','een eerste competentie','','','');
INSERT INTO "framework_items" VALUES(1,'component','1.2','1.2',5,'A','1','1.2','vaardigheden','vaardigheden','skills','','');
INSERT INTO "framework_items" VALUES(1,'competence','1.2.1','1.2.1',6,'A','1','1.2','vaardigheden','een vaardigheid','','','');
INSERT INTO "framework_items" VALUES(1,'component','1.3','1.3',7,'A','1','1.3','attitudes','attitudes','attitudes','','');
INSERT INTO "framework_items" VALUES(1,'competence','1.3.1','1.3.1',8,'A','1','1.3','attitudes','een houding','','','');
INSERT INTO "framework_items" VALUES(1,'focus','B','FB',9,'B','','',NULL,'Tweede focus','Second focus','','');
INSERT INTO "framework_items" VALUES(1,'cluster','2','C2',10,'B','2','',NULL,'Tweede cluster','','','');
INSERT INTO "framework_items" VALUES(1,'component','2.1','2.1',11,'B','2','2.1','kennis','kennis','knowledge','','');
INSERT INTO "framework_items" VALUES(1,'competence','2.1.1','2.1.1',12,'B','2','2.1','kennis','nog een competentie','','','');
INSERT INTO "framework_items" VALUES(1,'component','2.2','2.2',13,'B','2','2.2','vaardigheden','vaardigheden','skills','','');
INSERT INTO "framework_items" VALUES(1,'competence','2.2.1','2.2.1',14,'B','2','2.2','vaardigheden','nog een vaardigheid','','Een deelthema','');
INSERT INTO "framework_items" VALUES(1,'competence','2.2.2','2.2.2',15,'B','2','2.2','vaardigheden','en nog een','','Een deelthema','');
INSERT INTO "framework_items" VALUES(1,'component','2.3','2.3',16,'B','2','2.3','attitudes','attitudes','attitudes','','');
CREATE TABLE frameworks (
    framework_key INTEGER PRIMARY KEY,
    framework_id TEXT NOT NULL,
    version TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    default_language TEXT NOT NULL,
    model TEXT NOT NULL
);
INSERT INTO "frameworks" VALUES(1,'mijn-organisatie.digitale-competenties','1.0','ed68860c9d51a3e23c4e2b1e823507ff388ad2b766ff4789323422809eee1edf','nl','{"component_kinds": [{"id": "kennis", "label": {"en": "knowledge", "nl": "kennis"}}, {"id": "vaardigheden", "label": {"en": "skills", "nl": "vaardigheden"}}, {"id": "attitudes", "label": {"en": "attitudes", "nl": "attitudes"}}], "default_language": "nl", "expectation_levels": [{"label": {"en": "not expected", "nl": "niet verwacht"}, "score": 0}, {"label": {"en": "expected", "nl": "verwacht"}, "score": 1}], "focuses": [{"clusters": [{"aliases": ["Een andere naam voor de eerste cluster"], "components": [{"competences": [{"id": "1.1.1", "text": "een eerste competentie"}], "id": "1.1", "kind": "kennis"}, {"competences": [{"id": "1.2.1", "text": "een vaardigheid"}], "id": "1.2", "kind": "vaardigheden"}, {"competences": [{"id": "1.3.1", "text": "een houding"}], "id": "1.3", "kind": "attitudes"}], "description": "Wat deze cluster omvat.", "id": "1", "name": "Eerste cluster"}], "description": "Waar deze focus over gaat.", "id": "A", "name": {"en": "First focus", "nl": "Eerste focus"}}, {"clusters": [{"components": [{"competences": [{"id": "2.1.1", "text": "nog een competentie"}], "id": "2.1", "kind": "kennis"}, {"competences": [{"id": "2.2.1", "subtheme": "Een deelthema", "text": "nog een vaardigheid"}, {"id": "2.2.2", "subtheme": "Een deelthema", "text": "en nog een"}], "id": "2.2", "kind": "vaardigheden"}, {"competences": [], "id": "2.3", "kind": "attitudes"}], "description": "Wat deze cluster omvat.", "id": "2", "name": "Tweede cluster"}], "id": "B", "name": {"en": "Second focus", "nl": "Tweede focus"}}], "id": "mijn-organisatie.digitale-competenties", "languages": ["nl", "en"], "levels": [{"description": {"en": "Not covered by the programme.", "nl": "Komt in de opleiding niet aan bod."}, "label": {"en": "not at all", "nl": "niet"}, "score": 0}, {"description": {"en": "Discussed but not practised.", "nl": "Komt ter sprake maar wordt niet geoefend."}, "label": {"en": "partly", "nl": "deels"}, "score": 1}, {"description": {"en": "Explained and practised.", "nl": "Wordt uitgelegd en geoefend."}, "label": {"en": "fully", "nl": "volledig"}, "score": 2}], "positions": [{"description": {"en": "Newly hired staff member.", "nl": "Pas aangeworven medewerker."}, "entry": true, "id": "starter", "name": {"en": "Starter", "nl": "Starter"}}, {"description": {"en": "Experienced staff member who supports others.", "nl": "Ervaren medewerker die anderen ondersteunt."}, "id": "expert", "name": {"en": "Expert", "nl": "Expert"}}], "programmes": [{"id": "opleiding-a", "name": {"en": "Programme A", "nl": "Opleiding A"}, "short": {"en": "Prog. A", "nl": "Opl. A"}}, {"id": "opleiding-b", "name": {"en": "Programme B", "nl": "Opleiding B"}}], "publisher": "Mijn organisatie", "title": {"en": "My competence framework", "nl": "Mijn competentiekader"}, "version": "1.0"}');
CREATE TABLE round_consensus (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    item_type TEXT NOT NULL,
    field TEXT NOT NULL,
    consensus INTEGER,
    label TEXT,
    min INTEGER,
    max INTEGER,
    answered INTEGER NOT NULL,
    respondents INTEGER NOT NULL,
    spread INTEGER,
    disagreement INTEGER,
    PRIMARY KEY (round_id, programme_id, item_id, field)
);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.1',3,'component','level',1,'deels',1,1,1,1,0,0);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.1',3,'component','ambition',2,'volledig',2,2,1,1,0,0);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.2',5,'component','level',2,'volledig',2,2,1,1,0,0);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.2',5,'component','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.3',7,'component','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.3',7,'component','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.1',11,'component','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.1',11,'component','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2',13,'component','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2',13,'component','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.3',16,'component','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.3',16,'component','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.1.1',4,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.1.1',4,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.2.1',6,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.2.1',6,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.3.1',8,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','1.3.1',8,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.1.1',12,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.1.1',12,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2.1',14,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2.1',14,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2.2',15,'competence','level',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
INSERT INTO "round_consensus" VALUES(1,'opleiding-a','Opleiding A','2.2.2',15,'competence','ambition',NULL,NULL,NULL,NULL,0,1,NULL,NULL);
CREATE TABLE round_problems (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL
);
INSERT INTO "round_problems" VALUES(1,'','','','programme-missing','info','geen werkmap ontvangen van Opleiding B');
CREATE TABLE round_respondents (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    respondent TEXT NOT NULL,
    role TEXT NOT NULL,
    date TEXT,
    date_as_typed TEXT NOT NULL,
    file TEXT NOT NULL,
    language TEXT,
    answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL
);
INSERT INTO "round_respondents" VALUES(1,'opleiding-a','Opleiding A','Ann','lector','2024-05-02','2024-05-02','Opleiding A - Ann.xlsx','nl',3,21);
CREATE TABLE round_responses (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    sheet TEXT NOT NULL,
    cell TEXT NOT NULL,
    programme TEXT NOT NULL,
    respondent TEXT NOT NULL,
    item_id TEXT NOT NULL,
    item_type TEXT NOT NULL,
    field TEXT NOT NULL,
    label TEXT NOT NULL,
    score INTEGER NOT NULL,
    programme_id TEXT NOT NULL,
    value TEXT NOT NULL,
    evidence TEXT NOT NULL,
    comment TEXT NOT NULL,
    respondent_role TEXT NOT NULL,
    respondent_date TEXT NOT NULL,
    language TEXT,
    respondent_remark TEXT NOT NULL
);
INSERT INTO "round_responses" VALUES(1,'Opleiding A - Ann.xlsx','Matrix','D9','Opleiding A','Ann','1.1','component','level','deels',1,'opleiding-a','deels','','','lector','2024-05-02','nl','');
INSERT INTO "round_responses" VALUES(1,'Opleiding A - Ann.xlsx','Matrix','E9','Opleiding A','Ann','1.1','component','ambition','volledig',2,'opleiding-a','volledig','','','lector','2024-05-02','nl','');
INSERT INTO "round_responses" VALUES(1,'Opleiding A - Ann.xlsx','Matrix','D10','Opleiding A','Ann','1.2','component','level','volledig',2,'opleiding-a','volledig','','','lector','2024-05-02','nl','');
CREATE TABLE round_summary (
    round_id INTEGER NOT NULL REFERENCES rounds (round_id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL,
    programme TEXT NOT NULL,
    scope TEXT NOT NULL,
    group_id TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    field TEXT NOT NULL,
    mean REAL,
    answered INTEGER NOT NULL,
    unanswered INTEGER NOT NULL,
    lowest INTEGER NOT NULL,
    well_covered INTEGER,
    PRIMARY KEY (round_id, programme_id, scope, group_id, field)
);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','focus','A',1,'level',1.5,2,1,0,1);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','cluster','1',2,'level',1.5,2,1,0,1);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','focus','B',9,'level',NULL,0,3,0,NULL);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','cluster','2',10,'level',NULL,0,3,0,NULL);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','focus','A',1,'ambition',2.0,1,2,0,1);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','cluster','1',2,'ambition',2.0,1,2,0,1);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','focus','B',9,'ambition',NULL,0,3,0,NULL);
INSERT INTO "round_summary" VALUES(1,'opleiding-a','Opleiding A','cluster','2',10,'ambition',NULL,0,3,0,NULL);
CREATE TABLE rounds (
    round_id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('coverage', 'positions')),
    round_order INTEGER NOT NULL,
    framework_key INTEGER NOT NULL REFERENCES frameworks (framework_key),
    data_date TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    source TEXT NOT NULL,
    run_id TEXT NOT NULL,
    UNIQUE (label, kind)
);
INSERT INTO "rounds" VALUES(1,'2023-2024','coverage',1,1,'2024-05-02','2026-11-29T12:00:00+00:00','0.1.0','rapporten/2023-2024','v1-fixture');
CREATE TABLE schema_version (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    description TEXT NOT NULL
);
INSERT INTO "schema_version" VALUES(1,'2026-11-29T12:00:00+00:00','0.1.0','coverage rounds: frameworks, rounds, items, responses, consensus, summary, problems, respondents');
CREATE INDEX round_responses_round ON round_responses (round_id, programme_id, item_id, field);
CREATE INDEX round_problems_round ON round_problems (round_id);
CREATE INDEX round_respondents_round ON round_respondents (round_id);
CREATE VIEW items AS
SELECT DISTINCT r.label AS round, i.kind, i.item_id, i.code, i.sort_key, i.focus_id, i.cluster_id, i.component_id,
       i.component_kind, i.name_nl, i.name_en, i.subtheme_nl, i.subtheme_en
FROM framework_items AS i JOIN rounds AS r USING (framework_key);
CREATE VIEW responses AS
SELECT r.label AS round, x.file, x.sheet, x.cell, x.programme, x.respondent, x.item_id, x.item_type, x.field,
       x.label, x.score, x.programme_id, x.value, x.evidence, x.comment, x.respondent_role, x.respondent_date,
       x.language, x.respondent_remark
FROM round_responses AS x JOIN rounds AS r USING (round_id);
CREATE VIEW consensus AS
SELECT r.label AS round, x.programme_id, x.programme, x.item_id, x.sort_key, x.item_type, x.field, x.consensus,
       x.label, x.min, x.max, x.answered, x.respondents, x.spread, x.disagreement
FROM round_consensus AS x JOIN rounds AS r USING (round_id);
CREATE VIEW summary AS
SELECT r.label AS round, x.programme_id, x.programme, x.scope, x.group_id, x.sort_key, x.field, x.mean, x.answered,
       x.unanswered, x.lowest, x.well_covered
FROM round_summary AS x JOIN rounds AS r USING (round_id);
CREATE VIEW problems AS
SELECT r.label AS round, r.kind, x.file, x.sheet, x.cell, x.code, x.severity, x.message
FROM round_problems AS x JOIN rounds AS r USING (round_id);
CREATE VIEW respondents AS
SELECT r.label AS round, x.programme_id, x.programme, x.respondent, x.role, x.date, x.date_as_typed, x.file,
       x.language, x.answered, x.unanswered
FROM round_respondents AS x JOIN rounds AS r USING (round_id);
COMMIT;
