#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/engine/engine.h"
#include "cascade/project/projecteditor.h"

using cascade::Json;
using cascade::ProjectEditor;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> keys_of(const Json& object) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    return keys;
}

QStringList qlist(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& name : names) out << QString::fromStdString(name);
    return out;
}

// Opens through the engine, as the workbench does: the saved project must still validate.
QString open_errors(const fs::path& dir, const std::string& variant = {}) {
    cascade::Engine engine;
    auto opened = engine.open(dir, variant);
    return opened.project ? QString() : QString::fromStdString(opened.diagnostics.format_errors());
}

}  // namespace

class TestProjectEditor : public QObject {
    Q_OBJECT

private:
    QTemporaryDir temp_;
    fs::path dir_;

private slots:
    void init() {
        QVERIFY(temp_.isValid());
        dir_ = fs::path(temp_.path().toStdString()) / "hello";
        fs::remove_all(dir_);
        fs::copy(fs::path(CASCADE_PROJECTS_DIR) / "hello-cascade", dir_,
                 fs::copy_options::recursive);
        fs::remove(dir_ / "runs.sqlite");
    }

    void savesWithoutChangesByteForByte() {
        const std::string before = read(dir_ / "cascade.json");
        ProjectEditor editor(dir_);
        QVERIFY(!editor.is_dirty());
        editor.set_stage_value("features", "/params/temperature", 0.3);  // same value
        QVERIFY(!editor.is_dirty());
        editor.save();
        QCOMPARE(read(dir_ / "cascade.json"), before);
    }

    void setStageValueKeepsKeyOrder() {
        ProjectEditor editor(dir_);
        const auto top_keys = keys_of(editor.document());
        const auto stage_keys = keys_of(editor.document()["stages"][1]);
        editor.set_stage_value("tagline", "/params/temperature", 0.5);
        editor.set_stage_value("tagline", "/model", "writer");
        editor.set_stage_value("tagline", "/params/top_p", 0.9);  // new key: appended
        QVERIFY(editor.is_dirty());
        editor.save();
        QVERIFY(!editor.is_dirty());

        const std::string text = read(dir_ / "cascade.json");
        QVERIFY(text.ends_with("}\n"));
        QVERIFY(text.find("\n  \"name\": \"Hello Cascade\"") != std::string::npos);  // 2 spaces
        const Json saved = Json::parse(text);
        QCOMPARE(qlist(keys_of(saved)), qlist(top_keys));
        QCOMPARE(qlist(keys_of(saved["stages"][1])), qlist(stage_keys));
        QCOMPARE(qlist(keys_of(saved["stages"][1]["params"])),
                 QStringList({"temperature", "max_tokens", "top_p"}));
        QCOMPARE(saved["stages"][1]["params"]["temperature"].get<double>(), 0.5);

        QCOMPARE(open_errors(dir_), QString());
        cascade::Engine engine;
        const auto opened = engine.open(dir_);
        QCOMPARE(opened.project->stage("tagline")->spec["params"]["temperature"].get<double>(),
                 0.5);
    }

    void removeStageValue() {
        ProjectEditor editor(dir_);
        editor.remove_stage_value("features", "/params/max_tokens");
        QVERIFY(!editor.stage_value("features", "/params/max_tokens"));
        QVERIFY(editor.stage_value("features", "/params/temperature"));
        editor.remove_stage_value("features", "/params/missing");  // no-op
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.set_stage_value("nope", "/model", "x"));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.set_stage_value("features", "/id", "x"));
    }

    void undoSnapshotRestoresDocument() {
        ProjectEditor editor(dir_);
        const Json before = editor.document();
        editor.set_stage_value("features", "/params/temperature", 1.1);
        editor.set_document(before);
        QVERIFY(!editor.is_dirty());
    }

    void promptFileSave() {
        ProjectEditor editor(dir_);
        const std::string path = "prompts/tagline.md";
        const std::string original = editor.file_text(path);
        QVERIFY(original.find("{{#features}}") != std::string::npos);
        editor.set_file_text(path, original + "Keep it short.\n");
        QVERIFY(editor.is_dirty());
        QCOMPARE(qlist(editor.changed_files()), QStringList({"prompts/tagline.md"}));
        QCOMPARE(read(dir_ / path), original);  // nothing written before save
        editor.save();
        QVERIFY(!editor.is_dirty());
        QCOMPARE(read(dir_ / path), original + "Keep it short.\n");
        QVERIFY(!fs::exists(dir_ / "prompts/tagline.md.saving"));
        QCOMPARE(open_errors(dir_), QString());

        editor.set_file_text(path, editor.file_text(path));  // unchanged text is not dirty
        QVERIFY(!editor.is_dirty());
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.set_file_text("../outside.md", "x"));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.set_file_text("/tmp/abs.md", "x"));
    }

    void variantsCrud() {
        ProjectEditor editor(dir_);
        editor.create_variant("warm",
                              Json::parse(R"({"tagline": {"params": {"temperature": 1.0}}})"));
        editor.create_variant("cold",
                              Json::parse(R"({"tagline": {"params": {"temperature": 0.1}}})"));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.create_variant("warm", Json::object()));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.create_variant("", Json::object()));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.create_variant("a/b", Json::object()));
        editor.save();
        QCOMPARE(open_errors(dir_, "warm"), QString());
        {
            cascade::Engine engine;
            const auto opened = engine.open(dir_, "cold");
            QCOMPARE(opened.project->stage("tagline")->spec["params"]["temperature"].get<double>(),
                     0.1);
        }

        editor.rename_variant("warm", "hot");
        QCOMPARE(qlist(editor.variant_names()), QStringList({"hot", "cold"}));  // place kept
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.rename_variant("hot", "cold"));
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.rename_variant("missing", "x"));
        editor.delete_variant("cold");
        QCOMPARE(qlist(editor.variant_names()), QStringList({"hot"}));
        editor.save();
        QCOMPARE(open_errors(dir_, "hot"), QString());
        QVERIFY(!open_errors(dir_, "cold").isEmpty());
    }

    void editsInsideActiveVariant() {
        ProjectEditor editor(dir_);
        editor.create_variant("hot",
                              Json::parse(R"({"tagline": {"params": {"temperature": 1.0}}})"));
        editor.set_variant("hot");
        QCOMPARE(editor.stage_value("tagline", "/params/temperature")->get<double>(), 1.0);
        editor.set_stage_value("tagline", "/params/max_tokens", 80);
        const Json& overrides = editor.document()["variants"]["hot"];
        QCOMPARE(QString::fromStdString(overrides.dump()),
                 QString(R"({"tagline":{"params":{"temperature":1.0,"max_tokens":80}}})"));
        // The base is untouched.
        QCOMPARE(editor.document()["stages"][1]["params"]["max_tokens"].get<int>(), 60);
        // Back to the base value: the override disappears rather than restating the base.
        editor.set_stage_value("tagline", "/params/temperature", 0.8);
        editor.set_stage_value("tagline", "/params/max_tokens", 60);
        QCOMPARE(QString::fromStdString(editor.document()["variants"]["hot"].dump()),
                 QString("{}"));
        editor.remove_stage_value("tagline", "/system");
        QVERIFY(editor.document()["variants"]["hot"]["tagline"]["system"].is_null());
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.set_variant("missing"));
    }

    void overridesFromEdits() {
        ProjectEditor editor(dir_);
        const Json base = editor.document();
        editor.set_stage_value("features", "/params/temperature", 0.0);
        editor.set_stage_value("tagline", "/model", "writer");  // unchanged
        editor.remove_stage_value("tagline", "/system");
        Json overrides =
            ProjectEditor::variant_overrides_from_edits(base, editor.document()["stages"]);
        QCOMPARE(
            QString::fromStdString(overrides.dump()),
            QString(R"({"features":{"params":{"temperature":0.0}},"tagline":{"system":null}})"));

        // Applied as a variant on the unedited base, they give back the edited stages.
        editor.set_document(base);
        editor.create_variant("edited", overrides);
        editor.save();
        QCOMPARE(open_errors(dir_, "edited"), QString());
        cascade::Engine engine;
        const auto opened = engine.open(dir_, "edited");
        QVERIFY(!opened.project->stage("tagline")->spec.contains("system"));

        Json reordered = base["stages"];
        std::swap(reordered[0], reordered[1]);
        overrides = ProjectEditor::variant_overrides_from_edits(base, reordered);
        QCOMPARE(qlist(keys_of(overrides)), QStringList({"stages"}));
    }

    void moveEditsToVariant() {
        ProjectEditor editor(dir_);
        const std::string base_text = read(dir_ / "cascade.json");
        const std::string prompt = editor.file_text("prompts/tagline.md");
        editor.set_stage_value("tagline", "/params/max_tokens", 30);
        editor.set_file_text("prompts/tagline.md", prompt + "Under ten words.\n");
        QVERIFY_THROWS_EXCEPTION(cascade::Error, editor.move_edits_to_variant("bad/name"));
        QVERIFY(editor.is_dirty());  // nothing moved

        editor.move_edits_to_variant("Short lines");
        QCOMPARE(editor.variant(), std::string("Short lines"));
        QCOMPARE(QString::fromStdString(editor.document()["variants"]["Short lines"].dump()),
                 QString(R"({"tagline":{"params":{"max_tokens":30},)"
                         R"("prompt":"prompts/tagline.Short-lines.md"}})"));
        QCOMPARE(editor.document()["stages"], editor.saved_document()["stages"]);
        QCOMPARE(qlist(editor.changed_files()), QStringList({"prompts/tagline.Short-lines.md"}));
        editor.save();

        QCOMPARE(read(dir_ / "prompts/tagline.md"), prompt);  // the base prompt is untouched
        QCOMPARE(read(dir_ / "prompts/tagline.Short-lines.md"), prompt + "Under ten words.\n");
        QVERIFY(read(dir_ / "cascade.json") != base_text);
        QCOMPARE(open_errors(dir_, "Short lines"), QString());
        cascade::Engine engine;
        const auto opened = engine.open(dir_, "Short lines");
        QCOMPARE(opened.project->stage("tagline")->files.at("prompt"),
                 prompt + "Under ten words.\n");
        const auto base = engine.open(dir_);
        QCOMPARE(base.project->stage("tagline")->spec["params"]["max_tokens"].get<int>(), 60);

        // Edits made inside a variant carry it along into the new one.
        editor.set_stage_value("features", "/params/temperature", 0.1);
        editor.move_edits_to_variant("Short and cool");
        QCOMPARE(
            QString::fromStdString(editor.document()["variants"]["Short and cool"].dump()),
            QString(R"({"features":{"params":{"temperature":0.1}},"tagline":)"
                    R"({"prompt":"prompts/tagline.Short-lines.md","params":{"max_tokens":30}}})"));
        QCOMPARE(QString::fromStdString(editor.document()["variants"]["Short lines"].dump()),
                 QString::fromStdString(editor.saved_document()["variants"]["Short lines"].dump()));
    }

    void mergeDiff() {
        const Json a = Json::parse(R"({"x": 1, "o": {"p": 1, "q": 2}, "gone": true})");
        const Json b = Json::parse(R"({"x": 1, "o": {"q": 2, "p": 3}, "new": [1]})");
        const Json patch = ProjectEditor::merge_diff(a, b);
        QCOMPARE(QString::fromStdString(patch.dump()),
                 QString(R"({"o":{"p":3},"new":[1],"gone":null})"));
        Json applied = a;
        applied.merge_patch(patch);
        QCOMPARE(applied["o"]["p"].get<int>(), 3);
        QVERIFY(!applied.contains("gone"));
        // Only the key order differs: nothing to patch.
        QVERIFY(ProjectEditor::merge_diff(Json::parse(R"({"o":{"a":1,"b":2}})"),
                                          Json::parse(R"({"o":{"b":2,"a":1}})"))
                    .empty());
    }

    void missingProjectThrows() {
        QVERIFY_THROWS_EXCEPTION(cascade::Error, ProjectEditor(dir_ / "nowhere"));
    }
};

QTEST_APPLESS_MAIN(TestProjectEditor)
#include "test_projecteditor.moc"
