#include "widgets/itemdetailpane.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

#include <exception>

#include "cascade/store/runreader.h"
#include "widgets/callview.h"
#include "widgets/displayformat.h"
#include "widgets/itemsummary.h"
#include "widgets/jsontreemodel.h"
#include "widgets/provenancebar.h"
#include "widgets/statusbadge.h"
#include "widgets/workbenchsession.h"

namespace {

QLabel* selectable_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

ItemDetailPane::ItemDetailPane(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    placeholder_ = new QLabel(tr("Select an item to see its data, provenance and LLM call."), this);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);

    auto* page = new QWidget(this);
    title_ = selectable_label(page);
    provenance_ = new ProvenanceBar(session, page);
    status_ = selectable_label(page);
    status_->setTextFormat(Qt::RichText);
    reason_ = selectable_label(page);
    reason_->setTextFormat(Qt::PlainText);
    scores_ = selectable_label(page);
    scores_->setTextFormat(Qt::PlainText);

    json_ = new JsonTreeModel(this);
    tree_ = jsonView(json_);
    scores_json_ = new JsonTreeModel(this);
    scores_tree_ = jsonView(scores_json_);
    call_ = new CallView(page);
    tabs_ = new QTabWidget(page);
    tabs_->addTab(tree_, tr("Data"));
    tabs_->addTab(scores_tree_, tr("Scores"));
    tabs_->addTab(call_, tr("LLM call"));

    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(title_);
    layout->addWidget(provenance_);
    layout->addWidget(status_);
    layout->addWidget(reason_);
    layout->addWidget(scores_);
    layout->addWidget(tabs_, 1);

    pages_ = new QStackedWidget(this);
    pages_->addWidget(placeholder_);
    pages_->addWidget(page);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(pages_);
}

ItemDetailPane::~ItemDetailPane() = default;

QTreeView* ItemDetailPane::jsonView(JsonTreeModel* model) {
    auto* tree = new QTreeView(this);
    tree->setModel(model);
    tree->setAlternatingRowColors(true);
    tree->setUniformRowHeights(true);
    auto* header = tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(JsonTreeModel::KeyColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(JsonTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    tree->setColumnWidth(JsonTreeModel::KeyColumn, 180);
    return tree;
}

cascade::RunReader* ItemDetailPane::reader() {
    const QString path = session_->storePath();
    if (reader_ && reader_path_ == path) return reader_.get();
    reader_.reset();
    reader_path_ = path;
    if (!path.isEmpty() && QFileInfo::exists(path))
        reader_ = std::make_unique<cascade::RunReader>(path.toStdString());
    return reader_.get();
}

bool ItemDetailPane::showItem(qint64 run_id, const QString& stage, const QString& key) {
    std::optional<cascade::Item> item;
    std::optional<cascade::CallRecord> call;
    try {
        if (auto* store = reader()) {
            item = store->item(run_id, stage.toStdString(), key.toStdString());
            if (item && item->call_id) call = store->call(*item->call_id);
            if (item) provenance_->showItem(*store, run_id, *item);
        }
    } catch (const std::exception& e) {
        clearItem();
        placeholder_->setText(tr("Could not read the item: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    if (!item) {
        clearItem();
        placeholder_->setText(tr("Item %1 / %2 is not in run %3.").arg(stage, key).arg(run_id));
        return false;
    }
    item_ = std::move(item);
    // An item made from a recorded or imported reply says so where it is named.
    const bool not_live = call && call->source && *call->source != cascade::ReplySource::Live;
    title_->setText(tr("<b>%1</b> &middot; %2").arg(stage.toHtmlEscaped(), key.toHtmlEscaped()) +
                    (not_live ? QStringLiteral(" &middot; <i>%1</i>")
                                    .arg(DisplayFormat::replySource(*call->source).toHtmlEscaped())
                              : QString()));
    status_->setText(StatusBadge::html(item_->status));
    reason_->setText(QString::fromStdString(item_->reason));
    reason_->setVisible(!item_->reason.empty());
    const QString scores = ItemSummary::scoresLine(item_->scores);
    scores_->setText(scores);
    scores_->setVisible(!scores.isEmpty());
    json_->setJson(item_->data);
    tree_->expandToDepth(0);
    scores_json_->setJson(item_->scores);
    scores_tree_->expandToDepth(0);
    call_->showCall(call);
    pages_->setCurrentIndex(1);
    return true;
}

void ItemDetailPane::clearItem() {
    item_.reset();
    provenance_->clearItem();
    reason_->clear();
    json_->clear();
    scores_json_->clear();
    call_->showCall(std::nullopt);
    placeholder_->setText(tr("Select an item to see its data, provenance and LLM call."));
    pages_->setCurrentIndex(0);
}

QString ItemDetailPane::titleText() const {
    return title_->text();
}

QString ItemDetailPane::statusText() const {
    return item_ ? StatusBadge::text(item_->status) : QString();
}

QString ItemDetailPane::reasonText() const {
    return reason_->text();
}
