#include "widgets/stageeditor.h"

#include <algorithm>
#include <cmath>

#include <QAction>
#include <QDir>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include "cascade/core/error.h"
#include "cascade/project/projecteditor.h"
#include "widgets/editcommands.h"
#include "widgets/prompteditor.h"
#include "widgets/promptpreview.h"
#include "widgets/stagesettingsform.h"
#include "widgets/templatepane.h"
#include "widgets/variantactions.h"
#include "widgets/workbenchsession.h"

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

StageEditor::StageEditor(WorkbenchSession* session, QUndoStack* undo_stack, QWidget* parent)
    : QWidget(parent), session_(session), undo_stack_(undo_stack) {
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::RichText);
    // Icon-only: the actions' texts name the command ("Undo Set params.temperature of ...").
    auto* undo = new QToolButton(this);
    QAction* undo_action = undo_stack_->createUndoAction(this, tr("Undo"));
    undo_action->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    undo->setDefaultAction(undo_action);
    auto* redo = new QToolButton(this);
    QAction* redo_action = undo_stack_->createRedoAction(this, tr("Redo"));
    redo_action->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));
    redo->setDefaultAction(redo_action);
    save_button_ = new QPushButton(tr("Save"), this);
    save_button_->setToolTip(tr("Write cascade.json and the prompt files (Ctrl+S)"));
    auto* as_variant = new QPushButton(tr("Save as variant\u2026"), this);
    as_variant->setToolTip(
        tr("Keep the base config as saved and put these edits in a new variant"));
    auto* variants = new QPushButton(tr("Variants\u2026"), this);

    settings_ = new StageSettingsForm(this);
    templates_ = new TemplatePane(undo_stack_, this);
    preview_ = new PromptPreview(this);
    status_icon_ = new QLabel(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    preview_timer_ = new QTimer(this);
    preview_timer_->setSingleShot(true);
    preview_timer_->setInterval(120);  // re-render once typing pauses, not per keystroke
    variants_ = new VariantActions(session_, undo_stack_, this);

    auto* header = new QHBoxLayout;
    header->addWidget(title_, 1);
    for (QWidget* w :
         std::initializer_list<QWidget*>{undo, redo, save_button_, as_variant, variants})
        header->addWidget(w);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(settings_);
    splitter->addWidget(templates_);
    splitter->addWidget(preview_);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(splitter, 1);
    auto* status = new QHBoxLayout;
    status->addWidget(status_icon_, 0, Qt::AlignTop);
    status->addWidget(status_, 1);
    layout->addLayout(status);

    connect(save_button_, &QPushButton::clicked, this, &StageEditor::save);
    connect(as_variant, &QPushButton::clicked, this, &StageEditor::saveAsVariantInteractive);
    connect(variants, &QPushButton::clicked, this, &StageEditor::showVariantsDialog);
    connect(variants_, &VariantActions::message, this, &StageEditor::report);
    connect(variants_, &VariantActions::saved, this, &StageEditor::updateDirty);
    connect(settings_, &StageSettingsForm::valueEdited, this,
            [this](const QString& pointer, const std::optional<cascade::Json>& value) {
                pushStageValue(stage_.toStdString(), pointer.toStdString(), value);
            });
    connect(templates_, &TemplatePane::currentKeyChanged, this, &StageEditor::refresh);
    connect(templates_, &TemplatePane::edited, this, &StageEditor::onTemplateEdited);
    connect(preview_, &PromptPreview::contextChanged, this,
            [this] { promptEditor()->setContext(preview_->currentContext()); });
    connect(preview_timer_, &QTimer::timeout, this, &StageEditor::renderPreview);
    connect(session_, &WorkbenchSession::projectOpened, this, &StageEditor::onProjectOpened);
    connect(session_, &WorkbenchSession::stageSelected, this, &StageEditor::showStage);
    connect(session_, &WorkbenchSession::runSelected, this, &StageEditor::reloadPreviewItems);

    if (session_->hasProject()) {
        onProjectOpened();
        showStage(session_->currentStage());
    } else {
        refresh();
    }
}

StageEditor::~StageEditor() = default;

bool StageEditor::isDirty() const {
    return editor_ && editor_->is_dirty();
}

QString StageEditor::templateKey() const {
    return templates_->currentKey();
}

QStringList StageEditor::templateKeys() const {
    return templates_->keys();
}

void StageEditor::showTemplate(const QString& key) {
    templates_->showKey(key);
}

QStringList StageEditor::unknownVariables() const {
    return promptEditor()->unknownNames();
}

PromptEditor* StageEditor::promptEditor() const {
    return templates_->editor();
}

std::vector<cascade::ThresholdSpec> StageEditor::thresholdsFor(const cascade::Json& spec) const {
    std::vector<cascade::ThresholdSpec> list;
    if (const auto* kind = session_->engine().registry().find(spec.value("kind", "")))
        list = kind->thresholds;
    // Settings every gate kind is known to use, for kinds that list none (or not all) yet.
    static const cascade::ThresholdSpec known[] = {
        {"threshold", "Threshold", 0.0, 1.0, 0.01},
        {"min_score", "Min score", 0.0, 10.0, 0.5},
        {"top_k", "Top k", 1.0, 1000.0, 1.0},
        {"min_similarity", "Min similarity", 0.0, 1.0, 0.01},
    };
    for (const auto& candidate : known) {
        const bool listed = std::any_of(list.begin(), list.end(),
                                        [&](const auto& t) { return t.param == candidate.param; });
        if (!listed && spec.contains(candidate.param) && spec[candidate.param].is_number())
            list.push_back(candidate);
    }
    return list;
}

void StageEditor::onProjectOpened() {
    const QString dir = session_->projectDir();
    if (!editor_ || dir != editor_dir_) {
        undo_stack_->clear();  // the history belongs to the project it edited
        variants_->setEditor(nullptr);
        editor_.reset();
        editor_dir_ = dir;
        try {
            editor_ = std::make_unique<cascade::ProjectEditor>(dir.toStdString());
        } catch (const cascade::Error& e) {
            report(q(e.what()), true);
        }
    }
    if (editor_) {
        try {
            editor_->set_variant(session_->variant().toStdString());
        } catch (const cascade::Error& e) {
            report(q(e.what()), true);
        }
    }
    variants_->setEditor(editor_.get());
    reloadPreviewItems();
    updateDirty();
    variants_->updateDialog();
}

void StageEditor::showStage(const QString& stage) {
    const bool changed = stage != stage_;
    stage_ = stage;
    refresh();
    if (!changed) return;
    reloadPreviewItems();
    renderPreview();  // at once: the last stage's prompt must not linger in the preview
}

void StageEditor::refresh() {
    spec_ = cascade::Json();
    if (editor_ && !stage_.isEmpty()) {
        try {
            spec_ = editor_->stage_spec(stage_.toStdString());
        } catch (const cascade::Error& e) {
            report(q(e.what()), true);
        }
    }
    const bool has_stage = spec_.is_object();
    setEnabled(has_stage || editor_);
    settings_->setEnabled(has_stage);
    const QString variant = editor_ ? q(editor_->variant()) : QString();
    title_->setText(
        !has_stage
            ? tr("<i>No stage selected</i>")
            : tr("<b>%1</b> &middot; %2 &middot; %3")
                  .arg(stage_.toHtmlEscaped(), q(spec_.value("kind", "")),
                       variant.isEmpty()
                           ? tr("editing the base config")
                           : tr("editing variant \u201c%1\u201d").arg(variant.toHtmlEscaped())));
    if (has_stage) {
        QStringList models;
        if (const cascade::Json* list = cascade::find_pointer(editor_->document(), "/models"))
            for (auto it = list->begin(); it != list->end(); ++it) models << q(it.key());
        settings_->showStage(spec_, models, thresholdsFor(spec_));
    }
    templates_->showStage(spec_, editor_.get());
    preview_->setEnabled(!templateKey().isEmpty());
    preview_timer_->start();
    updateDirty();
}

void StageEditor::onEditApplied(const std::string& stage, const QString& template_key) {
    // Undo of an edit made on another stage brings that stage back into view.
    if (q(stage) != stage_) session_->setCurrentStage(q(stage));
    if (!template_key.isEmpty()) showTemplate(template_key);
    refresh();
}

void StageEditor::pushStageValue(const std::string& stage, const std::string& pointer,
                                 std::optional<cascade::Json> value) {
    if (!editor_ || stage.empty()) return;
    try {
        if (editor_->stage_value(stage, pointer) == value) return;  // nothing to undo
    } catch (const cascade::Error& e) {
        report(q(e.what()), true);
        return;
    }
    const QString key =
        templateKeys().contains(q(pointer.substr(1))) ? q(pointer.substr(1)) : QString();
    auto* command = new SetStageValueCommand(editor_.get(), stage, pointer, std::move(value),
                                             [this, stage, key] { onEditApplied(stage, key); });
    try {
        undo_stack_->push(command);  // runs redo(), which may throw before the stack owns it
    } catch (const cascade::Error& e) {
        delete command;
        report(q(e.what()), true);
    }
}

void StageEditor::onTemplateEdited(const QString& key, const QString& text) {
    if (!editor_ || key.isEmpty()) return;
    const std::string stage = stage_.toStdString();
    if (!TemplatePane::isFileTemplate(key)) {
        pushStageValue(stage, "/" + key.toStdString(), cascade::Json(text.toStdString()));
        return;
    }
    try {
        const std::string path = spec_[key.toStdString()].get<std::string>();
        if (editor_->file_text(path) == text.toStdString()) return;
        undo_stack_->push(new SetPromptTextCommand(
            editor_.get(), path, editor_->file_text(path), text.toStdString(),
            [this, stage, key] { onEditApplied(stage, key); }));
    } catch (const cascade::Error& e) {
        report(q(e.what()), true);
    }
}

void StageEditor::reloadPreviewItems() {
    const cascade::Project* project = session_->project();
    if (!project || stage_.isEmpty()) {
        preview_->setSource(PreviewSource());
        return;
    }
    preview_->setSource(PreviewSource::load(*project, session_->storePath(), session_->currentRun(),
                                            stage_.toStdString()));
}

void StageEditor::renderPreview() {
    const bool none = templateKey().isEmpty();
    preview_->renderPrompt(none ? QString() : promptEditor()->toPlainText(),
                           templates_->templateName());
}

void StageEditor::updateDirty() {
    const bool dirty = isDirty();
    save_button_->setEnabled(dirty);
    if (dirty == dirty_) return;
    dirty_ = dirty;
    emit dirtyChanged(dirty_);
}

void StageEditor::report(const QString& message, bool error) {
    status_->setText(message);
    const int size = status_->fontMetrics().height();
    status_icon_->setPixmap(
        style()
            ->standardIcon(error ? QStyle::SP_MessageBoxWarning : QStyle::SP_DialogSaveButton)
            .pixmap(size, size));
    if (error) emit errorOccurred(message);
}

bool StageEditor::save() {
    if (!editor_) return false;
    try {
        editor_->save();
    } catch (const cascade::Error& e) {
        report(tr("Not saved: %1").arg(q(e.what())), true);
        return false;
    }
    updateDirty();
    // The run side reads the project from disk: let every view see what was saved.
    if (session_->reloadProject()) {
        report(tr("Saved %1").arg(QDir(editor_dir_).filePath("cascade.json")), false);
    } else {
        report(tr("Saved, but the project no longer loads: %1")
                   .arg(q(session_->diagnostics().format_errors())),
               true);
    }
    return true;
}

void StageEditor::applyThreshold(const QString& stage, const QString& param, double value) {
    if (!editor_) return;
    const std::string pointer = "/" + param.toStdString();
    std::optional<cascade::Json> old;
    try {
        old = editor_->stage_value(stage.toStdString(), pointer);
    } catch (const cascade::Error& e) {
        report(q(e.what()), true);
        return;
    }
    const bool integral = std::abs(value - std::round(value)) < 1e-9;
    const bool keep_integer = integral && (param == "top_k" || (old && old->is_number_integer()));
    pushStageValue(stage.toStdString(), pointer,
                   keep_integer ? cascade::Json(std::llround(value)) : cascade::Json(value));
}

bool StageEditor::saveAsVariant(const QString& name) {
    return variants_->saveAsVariant(name);
}

void StageEditor::saveAsVariantInteractive() {
    variants_->saveAsVariantInteractive();
}

bool StageEditor::renameVariant(const QString& old_name, const QString& new_name) {
    return variants_->renameVariant(old_name, new_name);
}

bool StageEditor::deleteVariant(const QString& name) {
    return variants_->deleteVariant(name);
}

void StageEditor::showVariantsDialog() {
    variants_->showDialog();
}
