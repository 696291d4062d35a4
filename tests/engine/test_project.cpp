#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cascade/engine/engine.h"
#include "cascade/project/diagnostics.h"
#include "cascade/project/projectloader.h"
#include "cascade/project/specreader.h"
#include "support/testproject.h"

using cascade::Diagnostic;
using cascade::Diagnostics;
using cascade::Json;
using cascade::LoadOptions;
using cascade::Project;
using cascade::ProjectLoader;
using cascade::SpecReader;
using cascade::testing::write_file;
using Lines = std::vector<std::string>;

namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

QStringList qlist(const Lines& lines) {
    QStringList out;
    for (const auto& line : lines) out << q(line);
    return out;
}

Lines lines_of(const Diagnostics& diags, Diagnostic::Severity severity) {
    Lines out;
    for (const auto& d : diags.all())
        if (d.severity == severity) out.push_back(d.format());
    return out;
}
Lines errors(const Diagnostics& diags) { return lines_of(diags, Diagnostic::Severity::Error); }
Lines warnings(const Diagnostics& diags) { return lines_of(diags, Diagnostic::Severity::Warning); }

const char* kThemesSchema = R"({
  "type": "object",
  "properties": {"themes": {"type": "array", "items": {"$ref": "#/$defs/theme"}}},
  "required": ["themes"],
  "$defs": {"theme": {"type": "object", "properties": {"title": {"type": "string"}}}}
})";

// A valid two-stage project; tests break one thing at a time.
Json base_document() {
    Json document = Json::parse(R"({
  "format": "cascade-project/1",
  "name": "Demo",
  "description": "for tests",
  "inputs": {"path": "data/users.jsonl", "id": "user_id"},
  "models": {
    "frontier": {"provider": "openai", "base_url": "", "model": "gpt-x",
                 "api_key_env": "OPENAI_API_KEY", "price_per_mtok": {"input": 2.0, "output": 8.0},
                 "max_concurrency": 3, "timeout_s": 30, "max_retries": 2, "stream": true},
    "student": {"base_url": "", "model": "small"}
  },
  "stages": [
    {"id": "themes", "kind": "generate", "model": "frontier", "prompt": "prompts/themes.md",
     "params": {"temperature": 0.7, "max_tokens": 300},
     "output": {"schema": "schemas/themes.json", "explode": "/themes"}},
    {"id": "pitch", "kind": "generate", "model": "student", "prompt": "prompts/pitch.md"}
  ],
  "variants": {"cheap": {"themes": {"model": "student", "params": {"temperature": null}}}}
})");
    // Set here, not in the raw string above: moc takes the "//" of a URL there for a comment.
    document["models"]["frontier"]["base_url"] = "https://api.example.com/v1/";
    document["models"]["student"]["base_url"] = "http://127.0.0.1:8080/v1";
    return document;
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT

private:
    std::optional<QTemporaryDir> tmp_;
    std::filesystem::path dir_;
    Diagnostics diags_;

    void write(const std::string& relative, const std::string& text) { write_file(dir_ / relative, text); }
    void write_document(const Json& document) { write("cascade.json", document.dump(2)); }

    std::optional<Project> load(const std::string& variant = {},
                                std::vector<std::string> kinds = {"generate"}) {
        LoadOptions options;
        options.variant = variant;
        options.known_kinds = std::move(kinds);
        diags_ = Diagnostics();
        return ProjectLoader::load(dir_, options, diags_);
    }
    // The same through the engine facade: its stage registry validates each kind's own keys.
    std::optional<Project> open(const std::string& variant = {}) {
        cascade::Engine engine;
        auto opened = engine.open(dir_, variant);
        diags_ = opened.diagnostics;
        return std::move(opened.project);
    }
    Lines errors() const { return ::errors(diags_); }
    Lines warnings() const { return ::warnings(diags_); }

private slots:
    void init() {
        tmp_.emplace();
        QVERIFY(tmp_->isValid());
        dir_ = tmp_->path().toStdString();
        write("prompts/themes.md", "Suggest themes for {{name}}.\n");
        write("prompts/pitch.md", "Pitch {{title}} to {{input.name}}.\n");
        write("schemas/themes.json", kThemesSchema);
        write("data/users.jsonl",
              "{\"user_id\": \"u1\", \"name\": \"Ann\"}\n\n{\"user_id\": 2, \"name\": \"Bob\"}\n");
        write_document(base_document());
    }

    // --- the happy path ---------------------------------------------------------------------

    void validProjectLoadsTypedValues() {
        const auto project = load();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QVERIFY(diags_.all().empty());
        QCOMPARE(q(project->name), QStringLiteral("Demo"));
        QCOMPARE(q(project->description), QStringLiteral("for tests"));
        QVERIFY(project->variant.empty());
        QCOMPARE(qlist(project->variant_names), QStringList{"cheap"});
        QCOMPARE(q(project->store_path().string()), q((project->dir / "runs.sqlite").string()));
        QVERIFY(std::filesystem::equivalent(project->dir, dir_));

        QCOMPARE(q(project->inputs.path), QStringLiteral("data/users.jsonl"));
        QCOMPARE(q(project->inputs.id_field), QStringLiteral("user_id"));
        QCOMPARE(project->input_rows.size(), std::size_t(2));  // the blank line is skipped
        QCOMPARE(q(project->input_id(project->input_rows[0])), QStringLiteral("u1"));
        QCOMPARE(q(project->input_id(project->input_rows[1])), QStringLiteral("2"));

        QCOMPARE(project->models.size(), std::size_t(2));
        const auto& frontier = project->models.at("frontier");
        QCOMPARE(q(frontier.name), QStringLiteral("frontier"));
        QCOMPARE(q(frontier.provider), QStringLiteral("openai"));
        QCOMPARE(q(frontier.base_url), QStringLiteral("https://api.example.com/v1"));  // no trailing /
        QCOMPARE(q(frontier.model), QStringLiteral("gpt-x"));
        QCOMPARE(q(frontier.api_key_env), QStringLiteral("OPENAI_API_KEY"));
        QCOMPARE(frontier.price.input_per_mtok, 2.0);
        QCOMPARE(frontier.price.output_per_mtok, 8.0);
        QCOMPARE(frontier.price.cost(1000000, 500000), 6.0);
        QCOMPARE(frontier.max_concurrency, 3);
        QCOMPARE(frontier.timeout_s, 30.0);
        QCOMPARE(frontier.max_retries, 2);
        QVERIFY(frontier.stream);
        QVERIFY(frontier.structured_output);
        const auto& student = project->models.at("student");  // defaults
        QCOMPARE(q(student.provider), QStringLiteral("openai"));
        QVERIFY(student.api_key_env.empty());
        QCOMPARE(student.price.input_per_mtok, 0.0);
        QCOMPARE(student.max_concurrency, 8);
        QCOMPARE(student.timeout_s, 60.0);
        QCOMPARE(student.max_retries, 4);
        QVERIFY(!student.stream);

        QCOMPARE(project->stages.size(), std::size_t(2));
        const auto* themes = project->stage("themes");
        QVERIFY(themes);
        QCOMPARE(q(themes->kind), QStringLiteral("generate"));
        QCOMPARE(themes->index, 0);
        QCOMPARE(q(themes->json_path), QStringLiteral("/stages/0"));
        QVERIFY(themes->from.empty());
        QCOMPARE(q(themes->files.at("prompt")), QStringLiteral("Suggest themes for {{name}}.\n"));
        QVERIFY(themes->schema.has_value());
        QVERIFY(*themes->schema == Json::parse(kThemesSchema));
        QCOMPARE(themes->spec["params"]["temperature"].get<double>(), 0.7);
        QCOMPARE(q(themes->spec["output"]["explode"].get<std::string>()), QStringLiteral("/themes"));
        const auto* pitch = project->stage("pitch");
        QVERIFY(pitch);
        QCOMPARE(pitch->index, 1);
        QCOMPARE(q(pitch->files.at("prompt")), QStringLiteral("Pitch {{title}} to {{input.name}}.\n"));
        QVERIFY(!pitch->schema.has_value());
        QCOMPARE(project->stage_index("pitch"), 1);
        QCOMPARE(project->stage_index("nope"), -1);
        QVERIFY(project->stage("nope") == nullptr);

        // The document keeps what was written (order included); resolved drops the variants.
        QCOMPARE(q(project->document.begin().key()), QStringLiteral("format"));
        QVERIFY(project->document.contains("variants"));
        QVERIFY(!project->resolved.contains("variants"));
        QVERIFY(project->resolved["stages"] == project->document["stages"]);

        // Through the engine, with the generate kind's own validation: still clean.
        const auto opened = open();
        QVERIFY2(opened.has_value(), diags_.format_errors().c_str());
        QVERIFY(diags_.all().empty());
    }

    void diagnosticsFormat() {
        Diagnostics d;
        QVERIFY(!d.has_errors());
        QCOMPARE(q(d.format_errors()), QString());
        d.warning("cascade.json", "/x", "unknown key");
        QVERIFY(!d.has_errors());
        d.error("cascade.json", "/stages/2/model", "unknown model");
        d.error("data/in.jsonl", "line 3", "bad");
        d.error("schemas/a.json", "", "broken");
        QVERIFY(d.has_errors());
        QCOMPARE(d.all().size(), std::size_t(4));
        QCOMPARE(q(d.all()[0].format()), QStringLiteral("cascade.json: /x: warning: unknown key"));
        QCOMPARE(q(d.format_errors()),
                 QStringLiteral("cascade.json: /stages/2/model: unknown model\n"
                                "data/in.jsonl: line 3: bad\n"
                                "schemas/a.json: broken"));
        QCOMPARE(q(cascade::join_names({"a", "b", "c"})), QStringLiteral("a, b, c"));
        QCOMPARE(q(cascade::join_names({})), QStringLiteral("none"));
    }

    void specReaderReportsPathAndExpectation() {
        const Json object = Json::parse(
            R"({"s": 1, "n": "x", "low": -1, "high": 3, "i": 2.5, "b": "yes", "o": [], "a": {},
                "ref": "nope", "a/b": "z"})");
        Diagnostics d;
        SpecReader r(object, "f.json", "/root", d);
        QVERIFY(!r.string("s"));
        QVERIFY(!r.number("n"));
        QVERIFY(!r.number("low", false, 0.0));
        QVERIFY(!r.number("high", false, 0.0, 2.0));
        QVERIFY(!r.integer("i"));
        QVERIFY(!r.boolean("b"));
        QVERIFY(!r.object("o"));
        QVERIFY(!r.array("a"));
        QVERIFY(!r.string("missing", true));
        QVERIFY(!r.string("optional"));
        r.check_reference("ref", "model", {"m1", "m2"});
        QCOMPARE(q(r.string("a/b").value_or("")), QStringLiteral("z"));
        QCOMPARE(q(r.path_of("a/b")), QStringLiteral("/root/a~1b"));
        QCOMPARE(qlist(::errors(d)),
                 qlist({"f.json: /root/s: expected a string, got integer",
                        "f.json: /root/n: expected a number, got string",
                        "f.json: /root/low: expected a number at least 0.0, got -1",
                        "f.json: /root/high: expected a number between 0.0 and 2.0, got 3",
                        "f.json: /root/i: expected an integer, got 2.5",
                        "f.json: /root/b: expected true or false, got string",
                        "f.json: /root/o: expected an object, got array",
                        "f.json: /root/a: expected an array, got object",
                        "f.json: /root: missing required key \"missing\" (a string)",
                        "f.json: /root/ref: unknown model \"nope\" (known: m1, m2)"}));
        Diagnostics not_object;
        SpecReader s(Json::array(), "f.json", "", not_object);
        QVERIFY(!s.is_object());
        QCOMPARE(qlist(::errors(not_object)), qlist({"f.json: /: expected an object, got array"}));
    }

    // --- cascade.json itself ----------------------------------------------------------------

    void missingProjectFile() {
        std::filesystem::remove(dir_ / "cascade.json");
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"cascade.json: not found in " + dir_.string()}));
    }

    void jsonSyntaxErrorHasLineAndColumn() {
        write("cascade.json", "{\n  \"format\": \"cascade-project/1\",\n  \"name\": \"x\" \"y\"\n}\n");
        QVERIFY(!load());
        const auto list = errors();
        QCOMPARE(list.size(), std::size_t(1));
        // Line 3, column 17: the last byte of the string that follows "x" without a comma.
        const QString text = q(list[0]);
        QVERIFY2(text.startsWith("cascade.json:3:17: invalid JSON: syntax error while parsing "
                                 "object - unexpected string literal"),
                 list[0].c_str());
        QVERIFY2(!text.endsWith(":") && !text.endsWith(": "), list[0].c_str());
        QCOMPARE(q(diags_.all()[0].file), QStringLiteral("cascade.json"));
        QCOMPARE(q(diags_.all()[0].path), QStringLiteral("3:17"));

        write("cascade.json", "{\"format\": \"cascade-project/1\",\n\"stages\": [1, 2,]\n}");
        QVERIFY(!load());
        QVERIFY2(q(errors().at(0)).startsWith("cascade.json:2:17: invalid JSON: syntax error"),
                 errors().at(0).c_str());
    }

    void topLevelShapeAndFormat() {
        write("cascade.json", "[1, 2]");
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"cascade.json: /: expected an object, got array"}));

        Json document = base_document();
        document["format"] = "cascade-project/2";
        document.erase("models");
        document["stages"] = Json::object();
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /format: unsupported format \"cascade-project/2\" (expected "
                        "\"cascade-project/1\")",
                        "cascade.json: /: missing required key \"models\" (an object)",
                        "cascade.json: /stages: expected an array, got object"}));

        document = base_document();
        document["stages"] = Json::array();
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"cascade.json: /stages: expected a non-empty array of stages"}));
    }

    void unknownModelListsKnownOnes() {
        Json document = base_document();
        document["stages"][1]["model"] = "frontierr";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/1/model: unknown model \"frontierr\" (known: "
                        "frontier, student)"}));
    }

    void unknownKeysWarnButLoad() {
        Json document = base_document();
        document["nmae"] = "typo";
        document["models"]["student"]["temprature"] = 0.2;
        document["inputs"]["idd"] = "x";
        document["stages"][0]["temprature"] = 0.1;
        document["stages"][0]["output"]["explod"] = "/x";
        write_document(document);
        auto project = open();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QVERIFY(!diags_.has_errors());
        QCOMPARE(qlist(warnings()),
                 qlist({"cascade.json: /nmae: warning: unknown key \"nmae\" is ignored (known: "
                        "format, name, description, inputs, models, embedders, corpora, stages, "
                        "variants)",
                        "cascade.json: /models/student/temprature: warning: unknown key "
                        "\"temprature\" is ignored (known: provider, base_url, model, api_key_env, "
                        "price_per_mtok, max_concurrency, timeout_s, max_retries, "
                        "max_reply_bytes, stream, structured_output, description)",
                        "cascade.json: /stages/0/temprature: warning: unknown key \"temprature\" is "
                        "ignored (known: id, kind, from, description, model, prompt, system, "
                        "params, output)",
                        "cascade.json: /stages/0/output/explod: warning: unknown key \"explod\" is "
                        "ignored (known: format, schema, explode, max_repairs, allow_empty)",
                        "cascade.json: /inputs/idd: warning: unknown key \"idd\" is ignored (known: "
                        "path, id)"}));
        QCOMPARE(project->stages.size(), std::size_t(2));
        QCOMPARE(project->models.at("student").timeout_s, 60.0);  // the typo changes nothing
    }

    void missingFilesAreAllReported() {
        Json document = base_document();
        document["stages"][0]["prompt"] = "prompts/nope.md";
        document["stages"][0]["output"]["schema"] = "schemas/nope.json";
        document["stages"][1]["system"] = "prompts/system.md";
        document["inputs"]["path"] = "data/nope.jsonl";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/0/prompt: file not found: prompts/nope.md",
                        "cascade.json: /stages/0/output/schema: file not found: schemas/nope.json",
                        "cascade.json: /stages/1/system: file not found: prompts/system.md",
                        "cascade.json: /inputs/path: file not found: data/nope.jsonl"}));

        // Present again: the system prompt is loaded next to the prompt.
        write("prompts/system.md", "You are terse.");
        document = base_document();
        document["stages"][1]["system"] = "prompts/system.md";
        write_document(document);
        const auto project = load();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(q(project->stage("pitch")->files.at("system")), QStringLiteral("You are terse."));
    }

    void duplicateStageIds() {
        Json document = base_document();
        document["stages"][1]["id"] = "themes";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"cascade.json: /stages/1/id: duplicate stage id \"themes\""}));
    }

    void stageReadingFromALaterOrUnknownStage() {
        Json document = base_document();
        document["stages"][0]["from"] = "pitch";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/0/from: stage \"themes\" reads from \"pitch\", "
                        "which runs after it"}));

        document = base_document();
        document["stages"][1]["from"] = "themez";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"cascade.json: /stages/1/from: unknown stage \"themez\""}));

        // Reading from an earlier stage, or from the inputs, is fine.
        document["stages"][1]["from"] = "input";
        write_document(document);
        auto project = load();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(q(project->stage("pitch")->from), QStringLiteral("input"));
        document["stages"][1]["from"] = "themes";
        write_document(document);
        project = load();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(q(project->stage("pitch")->from), QStringLiteral("themes"));

        // "input" is not a stage id one may take.
        document = base_document();
        document["stages"][1]["id"] = "input";
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/1/id: \"input\" is reserved for the input rows"}));
    }

    void unknownStageKind() {
        Json document = base_document();
        document["stages"][1]["kind"] = "genrate";
        write_document(document);
        QVERIFY(!load({}, {"generate", "judge"}));
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/1/kind: unknown stage kind \"genrate\" (known: "
                        "generate, judge)"}));
        // The engine's registry supplies the known kinds (more register as they are built).
        QVERIFY(!open());
        const auto list = errors();
        QCOMPARE(list.size(), std::size_t(1));
        QVERIFY2(q(list[0]).startsWith("cascade.json: /stages/1/kind: unknown stage kind "
                                       "\"genrate\" (known: "),
                 list[0].c_str());
        QVERIFY2(q(list[0]).contains("generate"), list[0].c_str());
        // A missing kind is a missing required key.
        document["stages"][1].erase("kind");
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/1: missing required key \"kind\" (a string)"}));
    }

    void wrongValueTypes() {
        Json document = base_document();
        document["models"]["frontier"]["timeout_s"] = "30";
        document["models"]["frontier"]["price_per_mtok"]["input"] = "2.0";
        document["models"]["frontier"]["stream"] = "yes";
        document["models"]["student"]["max_concurrency"] = 0;
        document["models"]["student"].erase("base_url");
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /models/frontier/price_per_mtok/input: expected a number, "
                        "got string",
                        "cascade.json: /models/frontier/timeout_s: expected a number, got string",
                        "cascade.json: /models/frontier/stream: expected true or false, got string",
                        "cascade.json: /models/student: missing required key \"base_url\" (a string)",
                        "cascade.json: /models/student/max_concurrency: expected an integer of at "
                        "least 1, got 0"}));

        document = base_document();
        document["models"]["frontier"]["max_concurrency"] = 2.5;
        document["models"]["frontier"]["timeout_s"] = 0;
        document["models"]["frontier"]["price_per_mtok"]["output"] = -1;
        document["models"]["student"]["provider"] = "anthropix";
        document["models"]["student"]["max_concurrency"] = 10000000000LL;
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /models/frontier/price_per_mtok/output: expected a number "
                        "at least 0.0, got -1",
                        "cascade.json: /models/frontier/max_concurrency: expected an integer, got 2.5",
                        "cascade.json: /models/frontier/timeout_s: expected a number at least 0.1, "
                        "got 0",
                        "cascade.json: /models/student/provider: unknown provider \"anthropix\" "
                        "(known: openai)",
                        "cascade.json: /models/student/max_concurrency: expected an integer of at "
                        "most 2147483647, got 10000000000"}));

        // Keys only the generate kind knows are checked through the engine's registry.
        document = base_document();
        document["stages"][0]["output"]["explode"] = "themes";
        document["stages"][0]["output"]["format"] = "xml";
        document["stages"][0]["output"]["max_repairs"] = -1;
        document["stages"][1]["params"] = "hot";
        document["stages"][1].erase("prompt");
        write_document(document);
        QVERIFY(load());  // the loader alone does not know these keys
        QVERIFY(!open());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/0/output/format: expected \"json\" or \"text\", got "
                        "\"xml\"",
                        "cascade.json: /stages/0/output/explode: expected a JSON pointer such as "
                        "\"/themes\"",
                        "cascade.json: /stages/0/output/max_repairs: expected an integer of at "
                        "least 0, got -1",
                        "cascade.json: /stages/1: missing required key \"prompt\" (a string)",
                        "cascade.json: /stages/1/params: expected an object, got string"}));
    }

    void apiKeysAreRejectedAndNeverKept() {
        const std::string secret = "sk-test-DO-NOT-STORE-4242";
        Json document = base_document();
        document["models"]["frontier"]["api_key"] = secret;
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /models/frontier/api_key: API keys are not allowed in the "
                        "project file; name an environment variable with \"api_key_env\" instead"}));
        for (const auto& d : diags_.all()) QVERIFY(d.format().find(secret) == std::string::npos);

        // Also when a variant smuggles one in.
        document = base_document();
        document["variants"]["keyed"] = Json{{"models", {{"student", {{"api_key", secret}}}}}};
        write_document(document);
        QVERIFY(load());  // the base config has no key
        QVERIFY(!load("keyed"));
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /models/student/api_key: API keys are not allowed in the "
                        "project file; name an environment variable with \"api_key_env\" instead"}));

        // Credentials anywhere else are stripped from the resolved config (what runs store).
        document = base_document();
        document["stages"][1]["params"] = Json{{"api_key", secret}, {"top_p", 0.9}};
        document["stages"][1]["headers"] = Json{{"Authorization", "Bearer " + secret}};
        write_document(document);
        const auto project = load();
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QVERIFY(project->resolved.dump().find(secret) == std::string::npos);
        QVERIFY(project->stage("pitch")->spec.dump().find(secret) == std::string::npos);
        QCOMPARE(project->resolved["stages"][1]["params"]["top_p"].get<double>(), 0.9);
        const Json stripped = ProjectLoader::strip_secrets(
            Json{{"a", {{"api_key", secret}, {"keep", 1}}},
                 {"list", Json::array({Json{{"authorization", secret}}})}});
        QVERIFY(stripped.dump().find(secret) == std::string::npos);
        QVERIFY(stripped == (Json{{"a", {{"keep", 1}}}, {"list", Json::array({Json::object()})}}));
    }

    // --- the other files --------------------------------------------------------------------

    void badJsonlInputs() {
        write("data/users.jsonl",
              "{\"user_id\": \"u1\", \"name\": \"Ann\"}\n"
              "{\"user_id\": \"u2\", \"name\": }\n"
              "{\"name\": \"No id\"}\n"
              "\n"
              "{\"user_id\": \"u1\", \"name\": \"Ann again\"}\n"
              "[1, 2]\n"
              "{\"user_id\": 3}\n");
        QVERIFY(!load());
        const auto list = errors();
        QCOMPARE(list.size(), std::size_t(4));
        // The JSON error is located by the file's own line number, and its column.
        QVERIFY2(q(list[0]).startsWith("data/users.jsonl:2:27: invalid JSON: syntax error while "
                                       "parsing value - unexpected '}'"),
                 list[0].c_str());
        QCOMPARE(qlist(Lines(list.begin() + 1, list.end())),
                 qlist({"data/users.jsonl: line 3: missing the id field \"user_id\"",
                        "data/users.jsonl: line 5: duplicate id \"u1\"",
                        "data/users.jsonl: line 6: expected a JSON object per line"}));

        // read_inputs on its own keeps the good rows.
        Diagnostics d;
        const auto rows = ProjectLoader::read_inputs(dir_ / "data/users.jsonl", "data/users.jsonl",
                                                     "user_id", d);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[1]["user_id"].get<int>(), 3);
        QCOMPARE(d.all().size(), std::size_t(4));

        // A numeric id and the same id as a string are the same input.
        write("data/users.jsonl", "{\"user_id\": 7}\n{\"user_id\": \"7\"}\n");
        QVERIFY(!load());
        QCOMPARE(qlist(errors()), qlist({"data/users.jsonl: line 2: duplicate id \"7\""}));
    }

    void schemaWithUnresolvableRef() {
        const Json schema = {
            {"type", "object"},
            {"properties", {{"themes", {{"type", "array"}, {"items", {{"$ref", "#/$defs/thme"}}}}}}},
            {"$defs", {{"theme", {{"type", "object"}}}}}};
        write("schemas/themes.json", schema.dump(2));
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"schemas/themes.json: /properties/themes/items/$ref: cannot resolve $ref "
                        "\"#/$defs/thme\""}));

        write("schemas/themes.json", "{\"type\": \"object\",\n \"required\": [\"a\"\n}");
        QVERIFY(!load());
        QCOMPARE(errors().size(), std::size_t(1));
        QVERIFY2(q(errors()[0]).startsWith("schemas/themes.json:3:1: invalid JSON: syntax error"),
                 errors()[0].c_str());

        // A schema path that is not a string.
        Json document = base_document();
        document["stages"][0]["output"]["schema"] = Json{{"type", "object"}};
        write_document(document);
        QVERIFY(!load());
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/0/output/schema: expected a path to a JSON Schema file"}));
    }

    void templateSyntaxErrorNamesFileLineAndColumn() {
        write("prompts/pitch.md", "Pitch this:\n  {{#themes}}{{title}}\n");
        QVERIFY(!load());
        const auto list = errors();
        QCOMPARE(list.size(), std::size_t(1));
        QVERIFY2(q(list[0]).startsWith("prompts/pitch.md:2:3: "), list[0].c_str());
        QVERIFY2(q(list[0]).contains("themes"), list[0].c_str());
        QCOMPARE(q(diags_.all()[0].file), QStringLiteral("prompts/pitch.md"));

        write("prompts/pitch.md", "ok\nok\nPitch {{title\n");
        QVERIFY(!load());
        QCOMPARE(errors().size(), std::size_t(1));
        QVERIFY2(q(errors()[0]).startsWith("prompts/pitch.md:3:7: "), errors()[0].c_str());
    }

    // --- variants ---------------------------------------------------------------------------

    void variantOverridesAStageByMergePatch() {
        const auto project = load("cheap");
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(q(project->variant), QStringLiteral("cheap"));
        const auto* themes = project->stage("themes");
        QCOMPARE(q(themes->spec["model"].get<std::string>()), QStringLiteral("student"));
        QVERIFY(!themes->spec["params"].contains("temperature"));  // null removes the key
        QCOMPARE(themes->spec["params"]["max_tokens"].get<int>(), 300);  // the rest stays
        QVERIFY(themes->spec["output"] == base_document()["stages"][0]["output"]);
        QCOMPARE(q(project->resolved["stages"][0]["model"].get<std::string>()),
                 QStringLiteral("student"));
        // The document as written is untouched.
        QCOMPARE(q(project->document["stages"][0]["model"].get<std::string>()),
                 QStringLiteral("frontier"));

        // apply_variant on its own; no variant is the base config.
        Diagnostics d;
        QVERIFY(ProjectLoader::apply_variant(base_document(), "", d) == base_document());
        const Json applied = ProjectLoader::apply_variant(base_document(), "cheap", d);
        QVERIFY(d.all().empty());
        QCOMPARE(q(applied["stages"][0]["model"].get<std::string>()), QStringLiteral("student"));
    }

    void variantOverridesModels() {
        Json document = base_document();
        document["variants"]["local"] =
            Json{{"models", {{"frontier", {{"base_url", "http://127.0.0.1:9/v1"}, {"max_concurrency", 1}}}}}};
        write_document(document);
        const auto project = load("local");
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(q(project->models.at("frontier").base_url), QStringLiteral("http://127.0.0.1:9/v1"));
        QCOMPARE(project->models.at("frontier").max_concurrency, 1);
        QCOMPARE(q(project->models.at("frontier").model), QStringLiteral("gpt-x"));
    }

    void variantNamingAnUnknownStage() {
        Json document = base_document();
        document["variants"]["bad"] = Json{{"themes", {{"model", "student"}}}, {"pitchh", {{"model", "frontier"}}}};
        write_document(document);
        QVERIFY(load("cheap"));  // only the applied variant is checked
        QVERIFY(!load("bad"));
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /variants/bad/pitchh: variant overrides unknown stage \"pitchh\""}));
    }

    void unknownVariantListsKnownOnes() {
        Json document = base_document();
        document["variants"]["tight"] = Json::object();
        write_document(document);
        QVERIFY(!load("cheapp"));
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /variants: unknown variant \"cheapp\" (known: cheap, tight)"}));
        document.erase("variants");
        write_document(document);
        QVERIFY(!load("cheap"));
        QCOMPARE(qlist(errors()), qlist({"cascade.json: /variants: unknown variant \"cheap\" (known: none)"}));
        QVERIFY(load());
    }

    void variantReplacingStages() {
        Json document = base_document();
        document["variants"]["single"] = Json{
            {"stages", Json::array({Json{{"id", "only"}, {"kind", "generate"}, {"model", "student"},
                                         {"prompt", "prompts/pitch.md"}}})}};
        document["variants"]["broken"] = Json{
            {"stages", Json::array({Json{{"id", "only"}, {"kind", "generate"}, {"model", "nope"},
                                         {"prompt", "prompts/pitch.md"}}})}};
        write_document(document);
        const auto project = open("single");
        QVERIFY2(project.has_value(), diags_.format_errors().c_str());
        QCOMPARE(project->stages.size(), std::size_t(1));
        QCOMPARE(q(project->stages[0].id), QStringLiteral("only"));
        QVERIFY(project->stage("themes") == nullptr);
        QCOMPARE(project->document["stages"].size(), std::size_t(2));
        // The replacement list is validated like the base one.
        QVERIFY(!load("broken"));
        QCOMPARE(qlist(errors()),
                 qlist({"cascade.json: /stages/0/model: unknown model \"nope\" (known: frontier, student)"}));
    }
};

QTEST_APPLESS_MAIN(TestProject)
#include "test_project.moc"
