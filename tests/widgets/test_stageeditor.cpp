#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextLayout>
#include <QUndoStack>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cascade/core/json.h"
#include "cascade/core/runcontext.h"
#include "cascade/project/projecteditor.h"
#include "widgets/prompteditor.h"
#include "widgets/promptpreview.h"
#include "widgets/stageeditor.h"
#include "widgets/stagesettingsform.h"
#include "widgets/templatecheck.h"
#include "widgets/templatehighlighter.h"
#include "widgets/thresholdrow.h"
#include "widgets/workbenchsession.h"

using cascade::Json;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

QStringList keys_of(const Json& object) {
    QStringList keys;
    for (auto it = object.begin(); it != object.end(); ++it)
        keys << QString::fromStdString(it.key());
    return keys;
}

double number_at(const fs::path& dir, const std::string& pointer) {
    return Json::parse(read(dir / "cascade.json")).at(Json::json_pointer(pointer)).get<double>();
}

}  // namespace

class TestStageEditor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> temp_;
    fs::path dir_;
    std::unique_ptr<WorkbenchSession> session_;
    std::unique_ptr<QUndoStack> stack_;
    std::unique_ptr<StageEditor> editor_;

    // Opens the copy and shows the editor on `stage`.
    void open(const QString& stage) {
        session_ = std::make_unique<WorkbenchSession>();
        QVERIFY2(session_->openProject(QString::fromStdString(dir_.string())),
                 session_->diagnostics().format_errors().c_str());
        session_->setCurrentStage(stage);
        stack_ = std::make_unique<QUndoStack>();
        editor_ = std::make_unique<StageEditor>(session_.get(), stack_.get());
        editor_->resize(1200, 420);
        editor_->show();
        QVERIFY(QTest::qWaitForWindowExposed(editor_.get()));
        QCOMPARE(editor_->stage(), stage);
    }

    // A dedup gate after the tagline, so the editor shows a threshold.
    void addDedupStage() {
        Json document = Json::parse(read(dir_ / "cascade.json"));
        document["embedders"] = Json::parse(R"({"local": {"provider": "hashing", "dims": 64}})");
        document["stages"].push_back(Json::parse(
            R"({"id": "dedup", "kind": "dedup", "embedder": "local", "text": "{{text}}", "threshold": 0.9})"));
        std::ofstream(dir_ / "cascade.json") << document.dump(2) << "\n";
    }

    // Replays the recordings, so the store holds a run to preview with.
    void runOffline() {
        cascade::Engine engine;
        auto opened = engine.open(dir_);
        QVERIFY(opened.project);
        cascade::RunOptions options;
        options.offline = true;
        cascade::RunContext context;
        cascade::EventSink sink;
        QVERIFY(engine.run(*opened.project, options, context, sink) > 0);
    }

private slots:
    void init() {
        temp_ = std::make_unique<QTemporaryDir>();
        QVERIFY(temp_->isValid());
        dir_ = fs::path(temp_->path().toStdString()) / "hello";
        fs::copy(fs::path(CASCADE_PROJECTS_DIR) / "hello-cascade", dir_,
                 fs::copy_options::recursive);
        fs::remove(dir_ / "runs.sqlite");
    }

    void cleanup() {
        editor_.reset();
        stack_.reset();
        session_.reset();
        temp_.reset();
    }

    void paramSpinBoxEditAndUndo() {
        open("tagline");
        QSignalSpy dirty(editor_.get(), &StageEditor::dirtyChanged);
        QDoubleSpinBox* temperature = editor_->settingsForm()->temperatureBox();
        QCOMPARE(temperature->value(), 0.8);
        temperature->setValue(1.1);
        QCOMPARE(
            editor_->projectEditor()->stage_value("tagline", "/params/temperature")->get<double>(),
            1.1);
        QVERIFY(editor_->isDirty());
        QCOMPARE(dirty.count(), 1);
        QCOMPARE(dirty.last().at(0).toBool(), true);

        QSpinBox* max_tokens = editor_->settingsForm()->maxTokensBox();
        max_tokens->setValue(90);
        QCOMPARE(stack_->count(), 2);

        stack_->undo();
        QCOMPARE(max_tokens->value(), 60);
        stack_->undo();
        QCOMPARE(temperature->value(), 0.8);  // the UI follows the document back
        QCOMPARE(
            editor_->projectEditor()->stage_value("tagline", "/params/temperature")->get<double>(),
            0.8);
        QVERIFY(!editor_->isDirty());
        QCOMPARE(dirty.last().at(0).toBool(), false);
        stack_->redo();
        QCOMPARE(temperature->value(), 1.1);

        // "default" (below 0) removes the key.
        temperature->setValue(temperature->minimum());
        QVERIFY(!editor_->projectEditor()->stage_value("tagline", "/params/temperature"));
        stack_->undo();
        QCOMPARE(temperature->value(), 1.1);
    }

    void thresholdSliderAndSpinBoxInStep() {
        addDedupStage();
        open("dedup");
        ThresholdRow* row = editor_->settingsForm()->thresholdRow("threshold");
        QVERIFY(row);
        QCOMPARE(row->spinBox()->value(), 0.9);
        row->spinBox()->setValue(0.85);
        QCOMPARE(row->slider()->value(), row->slider()->maximum() - 15);
        QCOMPARE(editor_->projectEditor()->stage_value("dedup", "/threshold")->get<double>(), 0.85);
        row->slider()->setValue(row->slider()->value() - 5);  // same value, merged into one step
        QCOMPARE(row->spinBox()->value(), 0.8);
        QCOMPARE(stack_->count(), 1);
        stack_->undo();
        QCOMPARE(row->spinBox()->value(), 0.9);
        QCOMPARE(row->slider()->value(), row->slider()->maximum() - 10);
        QCOMPARE(editor_->projectEditor()->stage_value("dedup", "/threshold")->get<double>(), 0.9);

        // The sweep view's Apply, from another stage: undo brings the gate back into view.
        session_->setCurrentStage("features");
        editor_->applyThreshold("dedup", "threshold", 0.95);
        QCOMPARE(editor_->projectEditor()->stage_value("dedup", "/threshold")->get<double>(), 0.95);
        stack_->undo();
        QCOMPARE(session_->currentStage(), QString("dedup"));
        row = editor_->settingsForm()->thresholdRow("threshold");  // rebuilt for this stage
        QVERIFY(row);
        QCOMPARE(row->spinBox()->value(), 0.9);
        QVERIFY(!editor_->isDirty());
    }

    void promptEditUpdatesPreviewAndReportsUnknown() {
        open("features");
        PromptEditor* prompt = editor_->promptEditor();
        QCOMPARE(editor_->templateKeys(), QStringList({"prompt", "system"}));
        QCOMPARE(editor_->templateKey(), QString("prompt"));
        QVERIFY(prompt->toPlainText().startsWith("SKU: {{sku}}"));
        QCOMPARE(editor_->preview()->itemBox()->count(), 5);  // no run yet: the input rows
        QTRY_VERIFY(editor_->preview()->renderedText().startsWith("SKU: KT-100\nProduct: Ember"));
        QVERIFY(editor_->preview()->errorText().isEmpty());
        QVERIFY(editor_->unknownVariables().isEmpty());

        prompt->moveCursor(QTextCursor::End);
        QTest::keyClicks(prompt, "Tone: {{tone}} for {{category}}");
        QTRY_VERIFY(editor_->preview()->renderedText().endsWith("Tone:  for kitchen"));
        QVERIFY(editor_->preview()->errorText().contains("tone"));
        QCOMPARE(editor_->unknownVariables(), QStringList({"tone"}));
        QVERIFY(editor_->isDirty());
        QVERIFY(
            editor_->projectEditor()->file_text("prompts/features.md").ends_with("{{category}}"));

        // The unknown tag is underlined wavy red, with the known names in its tooltip.
        const TemplateCheck& check = prompt->highlighter()->check();
        const auto tag = std::find_if(check.tags().begin(), check.tags().end(),
                                      [](const TemplateTag& t) { return t.name == "tone"; });
        QVERIFY(tag != check.tags().end());
        QCOMPARE(tag->status, TemplateTag::Status::Unknown);
        QVERIFY2(
            tag->toolTip.contains("category, description, input, item, name, parent, price, sku"),
            qPrintable(tag->toolTip));
        const QTextBlock block = prompt->document()->findBlock(tag->start);
        bool underlined = false;
        for (const auto& range : block.layout()->formats())
            if (range.start <= tag->start - block.position() &&
                range.format.underlineStyle() == QTextCharFormat::WaveUnderline)
                underlined = true;
        QVERIFY(underlined);

        // Another item: the preview follows it.
        editor_->preview()->itemBox()->setCurrentIndex(1);
        QTRY_VERIFY(editor_->preview()->renderedText().startsWith("SKU: OD-210"));

        // Typing is one undo step; undo restores the file text and the editor.
        QCOMPARE(stack_->count(), 1);
        stack_->undo();
        QVERIFY(prompt->toPlainText().endsWith("most compelling first.\n"));
        QVERIFY(!editor_->isDirty());
        QTRY_VERIFY(editor_->unknownVariables().isEmpty());
    }

    void previewReadsTheRunWithAncestors() {
        runOffline();
        open("tagline");
        QVERIFY(session_->currentRun() > 0);
        QCOMPARE(editor_->preview()->itemBox()->count(), 5);
        QVERIFY(editor_->preview()->itemBox()->itemText(0).startsWith("KT-100/features"));
        // The tagline sees the product row (an ancestor) and the features (its input item).
        QTRY_VERIFY(editor_->preview()->renderedText().startsWith(
            "SKU: KT-100\nProduct: Ember Pour-Over Kettle\nSelling points:\n- "));
        QVERIFY(editor_->preview()->errorText().isEmpty());
        QVERIFY(editor_->unknownVariables().isEmpty());
    }

    void saveWritesKeyOrderAndRevalidates() {
        const Json original = Json::parse(read(dir_ / "cascade.json"));
        open("tagline");
        QSignalSpy dirty(editor_.get(), &StageEditor::dirtyChanged);
        QSignalSpy reopened(session_.get(), &WorkbenchSession::projectOpened);
        editor_->settingsForm()->temperatureBox()->setValue(0.5);
        editor_->promptEditor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(editor_->promptEditor(), "One line.");
        QVERIFY(editor_->save());
        QVERIFY(!editor_->isDirty());
        QCOMPARE(dirty.last().at(0).toBool(), false);
        QCOMPARE(reopened.count(), 1);

        const Json saved = Json::parse(read(dir_ / "cascade.json"));
        QCOMPARE(keys_of(saved), keys_of(original));
        QCOMPARE(keys_of(saved["stages"][1]), keys_of(original["stages"][1]));
        QCOMPARE(keys_of(saved["models"]["writer"]), keys_of(original["models"]["writer"]));
        QCOMPARE(number_at(dir_, "/stages/1/params/temperature"), 0.5);
        QVERIFY(read(dir_ / "prompts/tagline.md").ends_with("One line."));
        // The session reloaded what was written, and it validates.
        QVERIFY(session_->project());
        QCOMPARE(session_->project()->stage("tagline")->spec["params"]["temperature"].get<double>(),
                 0.5);
        QVERIFY(session_->project()->stage("tagline")->files.at("prompt").ends_with("One line."));
        QCOMPARE(editor_->stage(), QString("tagline"));
        QCOMPARE(editor_->settingsForm()->temperatureBox()->value(), 0.5);
    }

    void saveAsVariantCreatesAndSelectsIt() {
        open("tagline");
        editor_->settingsForm()->maxTokensBox()->setValue(30);
        QVERIFY(!editor_->saveAsVariant("bad/name"));
        QVERIFY(editor_->isDirty());
        QVERIFY(editor_->saveAsVariant("short"));
        QCOMPARE(session_->variant(), QString("short"));
        QVERIFY(!editor_->isDirty());
        QCOMPARE(stack_->count(), 0);
        const Json saved = Json::parse(read(dir_ / "cascade.json"));
        QCOMPARE(QString::fromStdString(saved["variants"].dump()),
                 QString(R"({"short":{"tagline":{"params":{"max_tokens":30}}}})"));
        QCOMPARE(saved["stages"][1]["params"]["max_tokens"].get<int>(), 60);  // base kept
        QCOMPARE(session_->project()->stage("tagline")->spec["params"]["max_tokens"].get<int>(),
                 30);
        QCOMPARE(editor_->settingsForm()->maxTokensBox()->value(), 30);

        // Edits now land in the variant's overrides.
        editor_->settingsForm()->temperatureBox()->setValue(1.0);
        QVERIFY(editor_->save());
        QCOMPARE(number_at(dir_, "/variants/short/tagline/params/temperature"), 1.0);
        QCOMPARE(number_at(dir_, "/stages/1/params/temperature"), 0.8);

        QVERIFY(editor_->renameVariant("short", "brief"));
        QCOMPARE(session_->variant(), QString("brief"));
        QVERIFY(!editor_->renameVariant("brief", ""));
        QVERIFY(editor_->deleteVariant("brief"));
        QCOMPARE(session_->variant(), QString());
        QCOMPARE(
            QString::fromStdString(Json::parse(read(dir_ / "cascade.json"))["variants"].dump()),
            QString("{}"));
        QCOMPARE(editor_->settingsForm()->maxTokensBox()->value(), 60);
    }

    void templateCheckFollowsSections() {
        cascade::TemplateContext context(
            Json::parse(R"({"features": ["a"], "empty": [], "on": true})"));
        const QString text = QString::fromUtf8(
            "é {{#features}}{{.}} {{missing}}{{/features}}{{^on}}{{hidden}}{{/on}}"
            "{{^empty}}{{nope}}{{/empty}}{{#empty}}{{x}}{{/empty}}{{! note }}");
        const TemplateCheck check = TemplateCheck::run(text, &context);
        QVERIFY(check.parseError().isEmpty());
        QCOMPARE(check.unknownNames(), QStringList({"missing", "nope"}));
        QCOMPARE(check.tags().front().start, 2);  // UTF-16 position after "é "
        QCOMPARE(check.tags().front().length, 13);
        QCOMPARE(check.tagAt(3)->name, QString("features"));

        const TemplateCheck no_context = TemplateCheck::run(text, nullptr);
        QVERIFY(no_context.unknownNames().isEmpty());
        const TemplateCheck broken = TemplateCheck::run("{{#open}} {{name}}", &context);
        QVERIFY(!broken.parseError().isEmpty());
        QCOMPARE(broken.tags().size(), 2);  // still highlighted while the section is unfinished
    }

    // Not an assertion: writes the editor as a PNG when CASCADE_SCREENSHOT_DIR is set.
    void screenshot() {
        const QString out = qEnvironmentVariable("CASCADE_SCREENSHOT_DIR");
        if (out.isEmpty()) QSKIP("set CASCADE_SCREENSHOT_DIR to write screenshots");
        addDedupStage();
        runOffline();
        open("tagline");
        editor_->promptEditor()->moveCursor(QTextCursor::End);
        QTest::keyClicks(editor_->promptEditor(), "Mention {{colour}}.");
        QTRY_VERIFY(editor_->preview()->renderedText().endsWith("Mention ."));
        QTest::qWait(100);  // let layouts settle before grabbing
        QVERIFY(editor_->grab().save(out + "/stageeditor-tagline.png"));
        session_->setCurrentStage("dedup");
        QTRY_VERIFY2(editor_->preview()->renderedText().startsWith("Ember Pour-Over Kettle"),
                     qPrintable(editor_->preview()->renderedText()));
        QTest::qWait(100);
        QVERIFY(editor_->grab().save(out + "/stageeditor-dedup.png"));

        // Dark mode: every colour comes from the palette, so a dark one must read well.
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(45, 45, 48));
        dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::AlternateBase, QColor(40, 40, 40));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        dark.setColor(QPalette::Button, QColor(55, 55, 58));
        dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        dark.setColor(QPalette::Highlight, QColor(38, 79, 120));
        dark.setColor(QPalette::Link, QColor(110, 180, 255));
        dark.setColor(QPalette::LinkVisited, QColor(210, 140, 255));
        dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
        QApplication::setPalette(dark);
        session_->setCurrentStage("tagline");
        QTRY_VERIFY(editor_->preview()->renderedText().startsWith("SKU: KT-100"));
        QTest::qWait(100);
        QVERIFY(editor_->grab().save(out + "/stageeditor-dark.png"));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestStageEditor)
#include "test_stageeditor.moc"
