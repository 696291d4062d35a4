#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "cascade/core/json.h"
#include "cascade/project/projecteditor.h"
#include "sampleprojectcopy.h"
#include "screenshot.h"
#include "widgets/estimatedialog.h"
#include "widgets/estimatemodel.h"
#include "widgets/exportdialog.h"
#include "widgets/runestimate.h"
#include "widgets/workbenchsession.h"

namespace fs = std::filesystem;

namespace {

QStringList lines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

}  // namespace

// The export dialog driven without exec() on hello-cascade run offline: the run's config
// re-validates in a fresh folder, the project config carries unsaved edits, the report, items
// and dataset are written, and a failure is shown. Then the estimate dialog before and after.
class TestExportDialog : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<SampleProjectCopy> copy_;
    QTemporaryDir out_;
    WorkbenchSession session_;
    qint64 run_ = 0;

    bool exportNow(ExportDialog& dialog) {
        QSignalSpy finished(&dialog, &ExportDialog::finished);
        if (!dialog.startExport()) return false;
        if (!finished.wait(20000)) return false;
        return finished.at(0).at(0).toBool();
    }

private slots:
    void initTestCase() {
        copy_ = std::make_unique<SampleProjectCopy>(QStringLiteral("hello-cascade"));
        QVERIFY(session_.openProject(copy_->dir()));
        cascade::RunOptions options;
        options.offline = true;
        cascade::RunContext context;
        cascade::EventSink sink;
        run_ = session_.engine().run(*session_.project(), options, context, sink);
        session_.notifyRunsChanged();
        session_.selectLatestRun();
        QCOMPARE(session_.currentRun(), run_);
    }

    void runConfigRevalidates() {
        ExportDialog dialog(&session_);
        QCOMPARE(dialog.run(), run_);
        dialog.setKind(ExportDialog::RunConfig);
        QVERIFY(
            dialog.outputPath().endsWith(QStringLiteral("exports/cascade.run%1.json").arg(run_)));
        // A fresh project folder: the exported cascade.json beside the sample's files.
        const fs::path folder = fs::path(out_.path().toStdString()) / "tuned";
        fs::create_directories(folder);
        for (const char* sub : {"prompts", "schemas", "data"})
            fs::copy(fs::path(copy_->dir().toStdString()) / sub, folder / sub,
                     fs::copy_options::recursive);
        dialog.setOutputPath(QString::fromStdString((folder / "cascade.json").string()));
        dialog.show();
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        QVERIFY(dialog.resultText().contains(QStringLiteral("provenance")));
        QVERIFY(fs::exists(folder / "cascade.provenance.json"));
        saveScreenshot(&dialog, QStringLiteral("export-dialog"));
        const auto opened = session_.engine().open(folder);
        QVERIFY2(opened.project.has_value(), opened.diagnostics.format_errors().c_str());
        QCOMPARE(opened.project->stages.size(), size_t(2));
    }

    void projectConfigCarriesUnsavedEdits() {
        cascade::ProjectEditor editor(copy_->dir().toStdString());
        editor.set_stage_value("tagline", "/params/temperature", 0.25);
        ExportDialog dialog(&session_);
        dialog.setKind(ExportDialog::ProjectConfig);
        dialog.setProjectEditor(&editor);
        dialog.setIncludeUnsavedEdits(true);
        const QString path = out_.filePath(QStringLiteral("project/cascade.json"));
        dialog.setOutputPath(path);
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        const auto doc = cascade::Json::parse(std::ifstream(path.toStdString()));
        QCOMPARE(doc["stages"][1]["params"]["temperature"].get<double>(), 0.25);
    }

    void reportItemsAndDataset() {
        ExportDialog dialog(&session_);
        dialog.setComparisonRuns(run_, run_);
        dialog.setKind(ExportDialog::Report);
        dialog.setIncludeComparison(true);
        const QString report = out_.filePath(QStringLiteral("report.html"));
        dialog.setOutputPath(report);
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        QVERIFY(lines(report).join(QLatin1Char('\n')).contains(QStringLiteral("<svg")));

        dialog.setKind(ExportDialog::ItemsCsv);
        dialog.setStage(QStringLiteral("tagline"));
        const QString csv = out_.filePath(QStringLiteral("tagline.csv"));
        dialog.setOutputPath(csv);
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        QVERIFY(dialog.resultText().startsWith(QStringLiteral("Wrote 5 items of tagline")));

        dialog.setKind(ExportDialog::Dataset);
        dialog.setStage(QStringLiteral("features"));
        QCOMPARE(dialog.stage(), QStringLiteral("features"));
        const QString jsonl = out_.filePath(QStringLiteral("features.jsonl"));
        dialog.setOutputPath(jsonl);
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        const auto rows = lines(jsonl);
        QVERIFY2(rows.size() == 5, qPrintable(dialog.resultText()));
        const auto line = cascade::Json::parse(rows[0].toStdString());
        QCOMPARE(line["messages"].back()["role"].get<std::string>(), std::string("assistant"));

        // Nothing labelled keep yet: an empty dataset, and the dialog says why.
        dialog.setLabelledOnly(true);
        QVERIFY2(exportNow(dialog), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QStringLiteral("5 calls not labelled keep")),
                 qPrintable(dialog.resultText()));
    }

    void failuresAreShown() {
        ExportDialog dialog(&session_);
        dialog.setKind(ExportDialog::ItemsJson);
        dialog.setStage(QStringLiteral("features"));
        // A file where a folder should be.
        const QString blocker = out_.filePath(QStringLiteral("blocker"));
        QFile(blocker).open(QIODevice::WriteOnly);
        dialog.setOutputPath(blocker + QStringLiteral("/items.json"));
        QVERIFY(!exportNow(dialog));
        QVERIFY(!dialog.lastSucceeded());
        QVERIFY2(dialog.resultText().contains(QStringLiteral("Export failed")),
                 qPrintable(dialog.resultText()));
        dialog.setOutputPath(QString());
        dialog.setOutputPath(QStringLiteral(" "));
        QVERIFY(!dialog.startExport());
        QVERIFY(dialog.resultText().contains(QStringLiteral("Choose a file")));
    }

    void estimateBeforeAndVersusActual() {
        EstimateDialog dialog(&session_);
        QAbstractItemModelTester tester(dialog.model());
        QSignalSpy ready(&dialog, &EstimateDialog::estimateReady);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && dialog.model()->rowCount() == 3, 20000);
        auto* model = dialog.model();
        QCOMPARE(model->index(0, EstimateModel::StageColumn).data().toString(),
                 QStringLiteral("features"));
        QCOMPARE(
            model->index(0, EstimateModel::CallsColumn).data(EstimateModel::RawRole).toDouble(),
            5.0);
        QVERIFY(model->isTotalRow(2));
        QVERIFY(
            model->index(0, EstimateModel::StageColumn).data(Qt::ToolTipRole).toString().size() >
            0);
        // Replayed from the cache: the calls are all cached.
        QCOMPARE(model->index(0, EstimateModel::CachedColumn).data().toString(),
                 QStringLiteral("100%"));
        QVERIFY(dialog.table()->isColumnHidden(EstimateModel::ActualCallsColumn));
        QVERIFY(dialog.tooltipText().contains(QStringLiteral("10 calls")));
        saveScreenshot(&dialog, QStringLiteral("estimate"));

        dialog.setMode(EstimateDialog::VersusActual);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy() && dialog.model()->hasActual(), 20000);
        QCOMPARE(model->index(0, EstimateModel::ActualCallsColumn)
                     .data(EstimateModel::RawRole)
                     .toDouble(),
                 5.0);
        QVERIFY(!dialog.table()->isColumnHidden(EstimateModel::ActualCallsColumn));
        // The engine's ±30% promise on this sample.
        const double error = model->index(2, EstimateModel::TokensInErrorColumn)
                                 .data(EstimateModel::RawRole)
                                 .toDouble();
        QVERIFY2(std::abs(error) <= 30.0, qPrintable(QString::number(error)));
        saveScreenshot(&dialog, QStringLiteral("estimate-vs-actual"));
    }
};

QTEST_MAIN(TestExportDialog)
#include "test_exportdialog.moc"
