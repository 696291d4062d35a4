#include "widgets/artefactinspector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "widgets/itemdetailpane.h"
#include "widgets/itemfilterproxy.h"
#include "widgets/itemtablemodel.h"
#include "widgets/middleelidedelegate.h"
#include "widgets/statusbadge.h"
#include "widgets/workbenchsession.h"

using cascade::ItemStatus;

ArtefactInspector::ArtefactInspector(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    model_ = new ItemTableModel(session, this);
    proxy_ = new ItemFilterProxy(this);
    proxy_->setSourceModel(model_);

    title_ = new QLabel(this);
    status_ = new QComboBox(this);
    status_->setToolTip(tr("Show items with this status"));
    status_->addItem(tr("All"), -1);
    for (ItemStatus s : {ItemStatus::Kept, ItemStatus::Filtered, ItemStatus::Error})
        status_->addItem(StatusBadge::icon(s), StatusBadge::text(s), static_cast<int>(s));
    search_ = new QLineEdit(this);
    search_->setPlaceholderText(tr("Filter by key, summary or reason"));
    search_->setClearButtonEnabled(true);
    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(180);  // waits for a pause in typing: each filter pass is a full scan
    info_ = new QLabel(this);
    info_->setForegroundRole(QPalette::PlaceholderText);

    view_ = new QTableView(this);
    view_->setModel(proxy_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setAlternatingRowColors(true);
    view_->setShowGrid(false);
    view_->setWordWrap(false);
    view_->verticalHeader()->hide();
    // Fixed row heights keep scrolling over 100,000 rows cheap.
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    auto* header = view_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);  // store order until a header is clicked
    view_->setSortingEnabled(true);
    view_->setItemDelegateForColumn(ItemTableModel::KeyColumn, new MiddleElideDelegate(view_));
    view_->setColumnWidth(ItemTableModel::StatusColumn, 90);
    view_->setColumnWidth(ItemTableModel::KeyColumn, 170);
    view_->setColumnWidth(ItemTableModel::SummaryColumn, 220);
    view_->setColumnWidth(ItemTableModel::ScoreColumn, 60);

    detail_ = new ItemDetailPane(session, this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(title_);
    bar->addWidget(status_);
    bar->addWidget(search_, 1);
    bar->addWidget(info_);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(view_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(split, 1);

    connect(status_, &QComboBox::currentIndexChanged, this, [this] {
        const int s = status_->currentData().toInt();
        proxy_->setStatusFilter(s < 0 ? std::nullopt : std::optional(static_cast<ItemStatus>(s)));
        updateInfo();
    });
    connect(search_, &QLineEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(debounce_, &QTimer::timeout, this, [this] { setTextFilter(search_->text()); });
    connect(model_, &ItemTableModel::loadStarted, this, &ArtefactInspector::updateInfo);
    connect(model_, &ItemTableModel::loaded, this, &ArtefactInspector::onLoaded);
    connect(model_, &ItemTableModel::statusCountsChanged, this,
            &ArtefactInspector::updateStatusCombo);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &ArtefactInspector::updateInfo);
    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ArtefactInspector::onCurrentRowChanged);

    connect(session, &WorkbenchSession::runSelected, this, &ArtefactInspector::loadCurrent);
    connect(session, &WorkbenchSession::stageSelected, this, &ArtefactInspector::loadCurrent);
    connect(session, &WorkbenchSession::runsChanged, this, &ArtefactInspector::loadCurrent);
    connect(session, &WorkbenchSession::itemActivated, this, &ArtefactInspector::onItemActivated);
    updateStatusCombo();
    loadCurrent();
}

QString ArtefactInspector::selectedKey() const {
    const QModelIndex current = view_->selectionModel()->currentIndex();
    return current.isValid() ? current.data(ItemTableModel::KeyRole).toString() : QString();
}

QString ArtefactInspector::infoText() const {
    return info_->text();
}

void ArtefactInspector::loadCurrent() {
    const qint64 run = session_->currentRun();
    const QString stage = session_->currentStage();
    title_->setText(stage.isEmpty()
                        ? QString()
                        : tr("<b>%1</b> &middot; run %2").arg(stage.toHtmlEscaped()).arg(run));
    // The same stage again (a reload, a run that ended): keep the selected row.
    if (run == model_->runId() && stage == model_->stage()) {
        if (pending_key_.isEmpty()) pending_key_ = selectedKey();
    } else {
        pending_key_.clear();  // an activation sets its key right after the stage switch
        detail_->clearItem();
    }
    model_->load(run, stage);
}

void ArtefactInspector::onLoaded() {
    updateInfo();
    // Keys are long paths: fit the column to them (sized from the first rows only), within
    // reason.
    view_->resizeColumnToContents(ItemTableModel::KeyColumn);
    const int widest = qMax(120, view_->viewport()->width() * 3 / 10);
    view_->setColumnWidth(ItemTableModel::KeyColumn,
                          qBound(120, view_->columnWidth(ItemTableModel::KeyColumn), widest));
    if (!pending_key_.isEmpty()) {
        const QString key = pending_key_;
        pending_key_.clear();
        selectItem(key);
    }
}

void ArtefactInspector::onItemActivated(const QString& stage, const QString& key) {
    // The session switched the stage first if needed; show the item at once, and select its
    // row when the table has it.
    detail_->showItem(session_->currentRun(), stage, key);
    if (model_->stage() == stage && !model_->isLoading())
        selectItem(key);
    else
        pending_key_ = key;
}

void ArtefactInspector::selectItem(const QString& key) {
    if (model_->isLoading()) {
        pending_key_ = key;
        return;
    }
    const int source_row = model_->rowOfKey(key);
    if (source_row < 0) return;
    QModelIndex index = proxy_->mapFromSource(model_->index(source_row, 0));
    if (!index.isValid()) {
        status_->setCurrentIndex(0);
        search_->clear();
        setTextFilter({});
        index = proxy_->mapFromSource(model_->index(source_row, 0));
    }
    view_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view_->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void ArtefactInspector::setStatusFilter(std::optional<ItemStatus> status) {
    status_->setCurrentIndex(status ? status_->findData(static_cast<int>(*status)) : 0);
}

void ArtefactInspector::setTextFilter(const QString& text) {
    debounce_->stop();
    if (search_->text() != text) {
        const QSignalBlocker blocker(search_);
        search_->setText(text);
    }
    proxy_->setTextFilter(text);
    updateInfo();
}

void ArtefactInspector::onCurrentRowChanged() {
    const QString key = selectedKey();
    if (key.isEmpty()) return;
    // Already shown (an activation got here first): skip the second read.
    if (!detail_->item() || detail_->item()->key != key.toStdString() ||
        detail_->item()->stage != model_->stage().toStdString())
        detail_->showItem(model_->runId(), model_->stage(), key);
    emit currentItemChanged(model_->stage(), key);
}

void ArtefactInspector::updateStatusCombo() {
    const auto counts = model_->statusCounts();
    const QLocale locale;
    status_->setItemText(0, tr("All (%1)").arg(locale.toString(model_->rowCount())));
    for (int i = 0; i < 3; ++i)
        status_->setItemText(
            i + 1, QStringLiteral("%1 (%2)").arg(StatusBadge::text(static_cast<ItemStatus>(i)),
                                                 locale.toString(counts[static_cast<size_t>(i)])));
}

void ArtefactInspector::updateInfo() {
    const QLocale locale;
    if (model_->isLoading())
        info_->setText(tr("Loading…"));
    else if (!model_->loadError().isEmpty())
        info_->setText(tr("Error: %1").arg(model_->loadError()));
    else if (model_->stage().isEmpty() || model_->runId() <= 0)
        info_->setText(tr("No run selected"));
    else
        info_->setText(
            tr("%1 of %2 items")
                .arg(locale.toString(proxy_->rowCount()), locale.toString(model_->rowCount())));
}
