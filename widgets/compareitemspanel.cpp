#include "widgets/compareitemspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <memory>

#include "cascade/compare/itemalignment.h"
#include "cascade/store/runreader.h"
#include "widgets/alignmentmodel.h"
#include "widgets/backgroundjob.h"
#include "widgets/itemdiffpane.h"
#include "widgets/workbenchsession.h"

using cascade::ItemChange;

namespace {

struct Aligned {
    std::shared_ptr<cascade::RunReader> reader;
    std::shared_ptr<const cascade::ItemAlignment> alignment;
};

}  // namespace

CompareItemsPanel::CompareItemsPanel(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session), model_(new AlignmentModel(this)) {
    stage_ = new QComboBox(this);
    stage_->setMinimumContentsLength(14);
    only_diff_ = new QCheckBox(tr("Only differences"), this);
    counts_ = new QLabel(this);
    counts_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Stage:"), this));
    bar->addWidget(stage_);
    bar->addWidget(only_diff_);
    bar->addWidget(counts_, 1);

    view_ = new QTableView(this);
    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(AlignmentModel::TextAColumn,
                                                    QHeaderView::Stretch);
    view_->horizontalHeader()->setSectionResizeMode(AlignmentModel::TextBColumn,
                                                    QHeaderView::Stretch);
    view_->setColumnWidth(AlignmentModel::ChangeColumn, 72);
    view_->setColumnWidth(AlignmentModel::KeyColumn, 160);
    view_->setColumnWidth(AlignmentModel::StatusAColumn, 80);
    view_->setColumnWidth(AlignmentModel::StatusBColumn, 80);
    view_->setColumnWidth(AlignmentModel::WhatColumn, 110);
    detail_ = new ItemDiffPane(this);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(view_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(stage_, &QComboBox::currentIndexChanged, this, [this] { loadAlignment(); });
    connect(only_diff_, &QCheckBox::toggled, this, &CompareItemsPanel::setOnlyDifferences);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CompareItemsPanel::onCurrentRowChanged);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] { detail_->clearItem(); });
    clear();
}

QString CompareItemsPanel::stage() const {
    return stage_->currentText();
}
QString CompareItemsPanel::countsText() const {
    return counts_->text();
}

void CompareItemsPanel::clear() {
    run_a_ = run_b_ = 0;
    ++generation_;
    loading_ = false;
    const QSignalBlocker block(stage_);
    stage_->clear();
    model_->setAlignment(nullptr, nullptr);
    counts_->setText(tr("Pick two runs to compare their items."));
}

void CompareItemsPanel::setRuns(qint64 run_a, qint64 run_b, const QStringList& stages,
                                const QString& preferred_stage) {
    const QString keep = stage_->currentText();
    run_a_ = run_a;
    run_b_ = run_b;
    {
        const QSignalBlocker block(stage_);
        stage_->clear();
        stage_->addItems(stages);
        const QString wanted = stages.contains(keep) ? keep : preferred_stage;
        stage_->setCurrentIndex(std::max(0, int(stages.indexOf(wanted))));
    }
    loadAlignment();
}

void CompareItemsPanel::setStage(const QString& stage) {
    const int index = stage_->findText(stage);
    if (index >= 0) stage_->setCurrentIndex(index);
}

void CompareItemsPanel::setOnlyDifferences(bool only) {
    if (only_diff_->isChecked() != only)
        only_diff_->setChecked(only);  // re-enters through toggled
    else
        model_->setOnlyDifferences(only);
}

void CompareItemsPanel::selectKey(const QString& key) {
    if (loading_) {
        pending_key_ = key;
        return;
    }
    const int row = model_->rowOfKey(key);
    if (row >= 0) view_->selectRow(row);
}

void CompareItemsPanel::loadAlignment() {
    const QString stage = stage_->currentText();
    const quint64 generation = ++generation_;
    if (run_a_ <= 0 || run_b_ <= 0 || stage.isEmpty() || !session_->hasProject()) {
        loading_ = false;
        model_->setAlignment(nullptr, nullptr);
        return;
    }
    loading_ = true;
    counts_->setText(tr("Aligning %1…").arg(stage));
    BackgroundJob::start(
        this,
        [path = session_->storePath().toStdString(), a = run_a_, b = run_b_,
         stage = stage.toStdString()] {
            Aligned out;
            out.reader = std::make_shared<cascade::RunReader>(path);
            out.alignment = std::make_shared<cascade::ItemAlignment>(*out.reader, a, b, stage);
            return out;
        },
        [this, generation, stage](std::optional<Aligned> result, const QString& error) {
            if (generation != generation_) return;  // a newer request superseded this one
            loading_ = false;
            if (!result) {
                model_->setAlignment(nullptr, nullptr);
                counts_->setText(tr("Could not align %1: %2").arg(stage, error));
                emit alignmentReady();
                return;
            }
            model_->setAlignment(result->reader, result->alignment);
            const auto& al = *result->alignment;
            counts_->setText(tr("%1 keys: %2 changed · %3 added · %4 removed · %5 same")
                                 .arg(al.size())
                                 .arg(al.count(ItemChange::Changed))
                                 .arg(al.count(ItemChange::Added))
                                 .arg(al.count(ItemChange::Removed))
                                 .arg(al.count(ItemChange::Same)));
            if (!pending_key_.isEmpty()) selectKey(std::exchange(pending_key_, QString()));
            emit alignmentReady();
        });
}

void CompareItemsPanel::onCurrentRowChanged() {
    const auto* item = model_->itemAt(view_->currentIndex().row());
    if (!item) {
        detail_->clearItem();
        return;
    }
    try {
        detail_->showItem(*item, model_->readerShared(), run_a_, run_b_);
    } catch (const std::exception& e) {
        detail_->clearItem(tr("Could not show the item: %1").arg(QString::fromUtf8(e.what())));
    }
}
