#include "widgets/exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <optional>

#include "cascade/project/projecteditor.h"
#include "cascade/store/runreader.h"
#include "widgets/backgroundjob.h"
#include "widgets/diffcolors.h"
#include "widgets/displayformat.h"
#include "widgets/exportjob.h"
#include "widgets/workbenchsession.h"

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

ExportDialog::ExportDialog(WorkbenchSession* session, QWidget* parent)
    : QDialog(parent), session_(session) {
    setWindowTitle(tr("Export"));
    kind_ = new QComboBox(this);
    kind_->addItem(tr("Tuned config of a run (cascade.json)"), RunConfig);
    kind_->addItem(tr("Config of the project and its variant (cascade.json)"), ProjectConfig);
    kind_->addItem(tr("Run report (self-contained HTML)"), Report);
    kind_->addItem(tr("A stage's items as CSV"), ItemsCsv);
    kind_->addItem(tr("A stage's items as JSON"), ItemsJson);
    kind_->addItem(tr("Fine-tuning dataset from a generate stage (chat JSONL)"), Dataset);
    run_ = new QComboBox(this);
    stage_ = new QComboBox(this);
    run_label_ = new QLabel(tr("Run:"), this);
    stage_label_ = new QLabel(tr("Stage:"), this);
    unsaved_ = new QCheckBox(tr("Include the stage editor's unsaved edits"), this);
    comparison_ = new QCheckBox(this);
    labelled_ = new QCheckBox(tr("Only calls whose items are labelled keep"), this);
    path_ = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* path_row = new QHBoxLayout;
    path_row->addWidget(path_, 1);
    path_row->addWidget(browse);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons_->addButton(tr("Export"), QDialogButtonBox::AcceptRole);

    auto* form = new QFormLayout;
    form->addRow(tr("Export:"), kind_);
    form->addRow(run_label_, run_);
    form->addRow(stage_label_, stage_);
    form->addRow(QString(), unsaved_);
    form->addRow(QString(), comparison_);
    form->addRow(QString(), labelled_);
    form->addRow(tr("File:"), path_row);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(result_);
    layout->addStretch(1);
    layout->addWidget(buttons_);
    resize(620, 320);

    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        fillStages();
        updateControls();
    });
    connect(run_, &QComboBox::currentIndexChanged, this, [this] {
        fillStages();
        suggestPath();
    });
    connect(stage_, &QComboBox::currentIndexChanged, this, &ExportDialog::suggestPath);
    connect(path_, &QLineEdit::textEdited, this, [this] { path_edited_ = true; });
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    // Export writes and keeps the dialog open, so several exports can follow.
    connect(buttons_, &QDialogButtonBox::accepted, this, &ExportDialog::startExport);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fillRuns();
    fillStages();
    setComparisonRuns(0, 0);
    updateControls();
}

ExportDialog::Kind ExportDialog::kind() const {
    return static_cast<Kind>(kind_->currentData().toInt());
}
qint64 ExportDialog::run() const {
    return run_->currentData().toLongLong();
}
QString ExportDialog::stage() const {
    return stage_->currentText();
}
QString ExportDialog::outputPath() const {
    return path_->text();
}
QString ExportDialog::resultText() const {
    return result_text_;
}

void ExportDialog::setProjectEditor(const cascade::ProjectEditor* editor) {
    editor_ = editor;
    updateControls();
}

void ExportDialog::setComparisonRuns(qint64 run_a, qint64 run_b) {
    compare_a_ = run_a;
    compare_b_ = run_b;
    const bool open = run_a > 0 && run_b > 0;
    comparison_->setText(
        open ? tr("Include the open comparison (run %1 vs run %2)").arg(run_a).arg(run_b)
             : tr("Include the open comparison (none is open)"));
    comparison_->setChecked(open);
    updateControls();
}

void ExportDialog::setKind(Kind kind) {
    kind_->setCurrentIndex(kind_->findData(kind));
}

void ExportDialog::setRun(qint64 run_id) {
    const int index = run_->findData(QVariant::fromValue<qint64>(run_id));
    if (index >= 0) run_->setCurrentIndex(index);
}

void ExportDialog::setStage(const QString& stage) {
    const int index = stage_->findText(stage);
    if (index >= 0) stage_->setCurrentIndex(index);
}

void ExportDialog::setOutputPath(const QString& path) {
    path_->setText(path);
    path_edited_ = !path.isEmpty();
    if (!path_edited_) suggestPath();
}

void ExportDialog::setLabelledOnly(bool only) {
    labelled_->setChecked(only);
}
void ExportDialog::setIncludeComparison(bool include) {
    comparison_->setChecked(include);
}
void ExportDialog::setIncludeUnsavedEdits(bool include) {
    unsaved_->setChecked(include);
}

void ExportDialog::fillRuns() {
    const QSignalBlocker block(run_);
    run_->clear();
    if (!session_->hasProject() || !QFileInfo::exists(session_->storePath())) return;
    try {
        for (const auto& r : cascade::RunReader(session_->storePath().toStdString()).runs())
            run_->addItem(
                tr("Run %1%2 · %3")
                    .arg(r.id)
                    .arg(r.variant.empty() ? QString() : QStringLiteral(" · ") + qs(r.variant))
                    .arg(DisplayFormat::localTime(r.started_at)),
                QVariant::fromValue<qint64>(r.id));
    } catch (const std::exception& e) {
        showResult(false, tr("Could not read the runs: %1").arg(QString::fromUtf8(e.what())));
    }
    const int current = run_->findData(QVariant::fromValue<qint64>(session_->currentRun()));
    run_->setCurrentIndex(current >= 0 ? current : 0);
}

void ExportDialog::fillStages() {
    const QString keep = stage_->currentText();
    const QSignalBlocker block(stage_);
    stage_->clear();
    if (run() <= 0) return;
    try {
        cascade::RunReader reader(session_->storePath().toStdString());
        for (const auto& s : reader.stages(run()))
            if (kind() != Dataset || s.kind == "generate") stage_->addItem(qs(s.stage));
    } catch (const std::exception& e) {
        showResult(false, tr("Could not read the stages: %1").arg(QString::fromUtf8(e.what())));
    }
    int index = stage_->findText(keep);
    if (index < 0) index = stage_->findText(session_->currentStage());
    stage_->setCurrentIndex(std::max(0, index));
}

void ExportDialog::updateControls() {
    const Kind k = kind();
    const bool uses_run = k != ProjectConfig;
    const bool uses_stage = k == ItemsCsv || k == ItemsJson || k == Dataset;
    run_label_->setVisible(uses_run);
    run_->setVisible(uses_run);
    stage_label_->setVisible(uses_stage);
    stage_->setVisible(uses_stage);
    unsaved_->setVisible(k == ProjectConfig);
    unsaved_->setEnabled(editor_ && editor_->is_dirty());
    comparison_->setVisible(k == Report);
    comparison_->setEnabled(compare_a_ > 0 && compare_b_ > 0);
    labelled_->setVisible(k == Dataset);
    suggestPath();
}

void ExportDialog::suggestPath() {
    if (path_edited_ || !session_->hasProject()) return;
    const QString r = QString::number(run());
    QString name;
    switch (kind()) {
        case RunConfig:
            name = QStringLiteral("cascade.run%1.json").arg(r);
            break;
        case ProjectConfig:
            name = session_->variant().isEmpty()
                       ? QStringLiteral("cascade.export.json")
                       : QStringLiteral("cascade.%1.json").arg(session_->variant());
            break;
        case Report:
            name = QStringLiteral("report-run%1.html").arg(r);
            break;
        case ItemsCsv:
            name = QStringLiteral("%1-run%2.csv").arg(stage(), r);
            break;
        case ItemsJson:
            name = QStringLiteral("%1-run%2.json").arg(stage(), r);
            break;
        case Dataset:
            name = QStringLiteral("%1-run%2.jsonl").arg(stage(), r);
            break;
    }
    path_->setText(QDir(session_->projectDir()).filePath(QStringLiteral("exports/") + name));
}

void ExportDialog::browse() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), path_->text());
    if (!path.isEmpty()) setOutputPath(path);
}

void ExportDialog::showResult(bool ok, const QString& message) {
    result_text_ = message;
    const QColor color = ok ? palette().color(QPalette::WindowText) : DiffColors::worse(palette());
    // Zero-width spaces after slashes let long paths wrap.
    QString html = message.toHtmlEscaped();
    html.replace(QLatin1Char('/'), QStringLiteral("/&#8203;"));
    result_->setText(QStringLiteral("<span style=\"color:%1\">%2</span>").arg(color.name(), html));
}

bool ExportDialog::startExport() {
    if (busy_) return false;
    const Kind k = kind();
    const QString out = path_->text().trimmed();
    QString problem;
    if (!session_->hasProject())
        problem = tr("Open a project first.");
    else if (out.isEmpty())
        problem = tr("Choose a file to write.");
    else if (k != ProjectConfig && run() <= 0)
        problem = tr("There is no run to export yet.");
    else if ((k == ItemsCsv || k == ItemsJson || k == Dataset) && stage().isEmpty())
        problem = k == Dataset ? tr("This run has no generate stage.") : tr("Choose a stage.");
    if (!problem.isEmpty()) {
        succeeded_ = false;
        showResult(false, problem);
        return false;
    }
    // Everything the worker needs is copied now: the dialog may change while it writes.
    ExportRequest request;
    request.kind = k;
    request.store_path = session_->storePath().toStdString();
    request.run_id = run();
    request.stage = stage().toStdString();
    request.out = out.toStdString();
    request.variant = session_->variant().toStdString();
    if (k == ProjectConfig) {
        request.project = *session_->project();
        if (editor_ && unsaved_->isChecked() && editor_->is_dirty()) {
            request.project->document = editor_->document();
            request.variant = editor_->variant();
            request.unsaved_files = !editor_->changed_files().empty();
        }
    }
    if (k == Report && comparison_->isChecked()) {
        request.compare_a = compare_a_;
        request.compare_b = compare_b_;
    }
    request.labelled_only = labelled_->isChecked();
    busy_ = true;
    buttons_->setEnabled(false);
    showResult(true, tr("Writing %1…").arg(out));
    BackgroundJob::start(
        this, [request] { return runExport(request); },
        [this](std::optional<QString> message, const QString& error) {
            busy_ = false;
            buttons_->setEnabled(true);
            succeeded_ = message.has_value();
            const QString text = message ? *message : tr("Export failed: %1").arg(error);
            showResult(succeeded_, text);
            emit finished(succeeded_, text);
        });
    return true;
}
