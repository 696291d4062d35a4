#include "widgets/reviewview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "widgets/middleelidedelegate.h"
#include "widgets/reviewmodel.h"
#include "widgets/statusbadge.h"
#include "widgets/workbenchsession.h"

namespace {

QLabel* wrapping_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

ReviewView::ReviewView(WorkbenchSession* session, QWidget* parent)
    : QWidget(parent), session_(session) {
    model_ = new ReviewModel(session, this);
    title_ = new QLabel(this);
    progress_label_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setTextVisible(false);
    progress_->setMaximumWidth(160);
    auto* hint = new QLabel(tr("Was the gate right to drop it? <b>1</b> correct (label: drop) "
                               "&middot; <b>2</b> wrong (label: keep) &middot; <b>0</b> clear "
                               "&middot; arrows move. A label follows the item's content into "
                               "every run."),
                            this);
    hint->setForegroundRole(QPalette::PlaceholderText);

    tree_ = new QTreeView(this);
    tree_->setModel(model_);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);
    tree_->installEventFilter(this);
    tree_->setItemDelegateForColumn(ReviewModel::ItemColumn, new MiddleElideDelegate(tree_));
    tree_->setColumnWidth(ReviewModel::ItemColumn, 280);
    tree_->setColumnWidth(ReviewModel::SummaryColumn, 220);
    tree_->setColumnWidth(ReviewModel::ScoreColumn, 60);
    tree_->setColumnWidth(ReviewModel::VerdictColumn, 130);
    tree_->setColumnWidth(ReviewModel::NoteColumn, 160);

    reason_ = wrapping_label(this);
    scores_ = wrapping_label(this);
    error_ = wrapping_label(this);
    error_->setStyleSheet(
        QStringLiteral("color: %1").arg(StatusBadge::color(cascade::ItemStatus::Error).name()));
    error_->hide();
    correct_ = new QPushButton(tr("Correct (1)"), this);
    correct_->setToolTip(tr("The gate was right to drop this item: label it \"drop\""));
    wrong_ = new QPushButton(tr("Wrong (2)"), this);
    wrong_->setToolTip(tr("This item should have been kept: label it \"keep\""));
    clear_ = new QPushButton(tr("Clear (0)"), this);
    for (QPushButton* button : {correct_, wrong_}) button->setCheckable(true);
    note_ = new QLineEdit(this);
    note_->setPlaceholderText(tr("Optional note, saved with the verdict (Enter)"));
    note_->setClearButtonEnabled(true);
    open_ = new QPushButton(tr("Open in inspector"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(title_);
    top->addStretch();
    top->addWidget(progress_label_);
    top->addWidget(progress_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(correct_);
    buttons->addWidget(wrong_);
    buttons->addWidget(clear_);
    buttons->addWidget(note_, 1);
    buttons->addWidget(open_);
    auto* detail = new QWidget(this);
    auto* detail_layout = new QVBoxLayout(detail);
    detail_layout->setContentsMargins(0, 0, 0, 0);
    detail_layout->addWidget(reason_);
    detail_layout->addWidget(scores_);
    detail_layout->addLayout(buttons);
    detail_layout->addWidget(error_);
    detail_layout->addStretch();
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tree_);
    split->addWidget(detail);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(hint);
    layout->addWidget(split, 1);

    connect(correct_, &QPushButton::clicked, this, &ReviewView::markCorrect);
    connect(wrong_, &QPushButton::clicked, this, &ReviewView::markWrong);
    connect(clear_, &QPushButton::clicked, this, &ReviewView::clearMark);
    connect(open_, &QPushButton::clicked, this, &ReviewView::openInInspector);
    connect(note_, &QLineEdit::returnPressed, this, &ReviewView::saveNote);
    connect(tree_, &QTreeView::doubleClicked, this, &ReviewView::openInInspector);
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ReviewView::onCurrentChanged);
    connect(model_, &ReviewModel::loaded, this, &ReviewView::onLoaded);
    connect(model_, &ReviewModel::loadStarted, this, &ReviewView::updateProgress);
    connect(model_, &ReviewModel::progressChanged, this, &ReviewView::updateProgress);
    connect(model_, &ReviewModel::labelWriteFailed, this, [this](const QString& message) {
        error_->setText(message);
        error_->show();
    });
    auto load = [this] {
        const QModelIndex current = currentIndex();
        if (current.isValid())
            restore_ = {current.data(ReviewModel::StageRole).toString(),
                        current.data(ReviewModel::KeyRole).toString()};
        title_->setText(tr("<b>Filtered review</b> &middot; run %1").arg(session_->currentRun()));
        model_->load(session_->currentRun());
    };
    connect(session, &WorkbenchSession::runSelected, this, load);
    connect(session, &WorkbenchSession::runsChanged, this, load);
    load();
    onCurrentChanged();
}

QString ReviewView::progressText() const {
    return progress_label_->text();
}

QModelIndex ReviewView::currentIndex() const {
    return tree_->selectionModel()->currentIndex();
}

void ReviewView::setCurrentIndex(const QModelIndex& index) {
    if (!index.isValid()) return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        tree_->expand(parent);
    tree_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    tree_->scrollTo(index);
}

void ReviewView::onLoaded() {
    // Small reviews open fully; big ones show the reason groups to pick from.
    if (model_->itemCount() <= 5000)
        tree_->expandAll();
    else
        tree_->expandToDepth(0);
    tree_->resizeColumnToContents(ReviewModel::ItemColumn);
    tree_->setColumnWidth(ReviewModel::ItemColumn,
                          qBound(200, tree_->columnWidth(ReviewModel::ItemColumn), 420));
    QModelIndex target;
    if (!restore_.first.isEmpty()) target = model_->indexOf(restore_.first, restore_.second);
    restore_ = {};
    // Otherwise start where the work is: the first item without a label.
    for (QModelIndex it = model_->firstItem(); !target.isValid() && it.isValid();
         it = model_->nextItem(it))
        if (!model_->label(it)) target = it;
    if (!target.isValid()) target = model_->firstItem();
    setCurrentIndex(target);
    updateProgress();
    onCurrentChanged();
}

void ReviewView::mark(const QString& verdict) {
    const QModelIndex current = currentIndex();
    if (!model_->entry(current)) {
        // On a stage or group row: go to its first item instead of guessing.
        setCurrentIndex(model_->nextItem(current));
        return;
    }
    error_->hide();
    if (!model_->setLabel(current, verdict, note_->text().trimmed())) return;
    const QModelIndex next = model_->nextItem(current);
    if (next.isValid())
        setCurrentIndex(next);
    else
        onCurrentChanged();  // the last item: stay, show its new verdict
}

void ReviewView::markCorrect() {
    mark(ReviewModel::kCorrect);
}
void ReviewView::markWrong() {
    mark(ReviewModel::kWrong);
}

void ReviewView::clearMark() {
    const QModelIndex current = currentIndex();
    if (!model_->entry(current)) return;
    error_->hide();
    if (model_->clearLabel(current)) onCurrentChanged();
}

void ReviewView::saveNote() {
    const QModelIndex current = currentIndex();
    const QString verdict = model_->verdict(current);
    // Without a verdict there is nothing to attach the note to yet; it waits in the field.
    if (verdict.isEmpty()) return;
    model_->setLabel(current, verdict, note_->text().trimmed());
}

void ReviewView::openInInspector() {
    const ReviewEntry* entry = model_->entry(currentIndex());
    if (entry) session_->activateItem(entry->stage, entry->key);
}

void ReviewView::onCurrentChanged() {
    const QModelIndex current = currentIndex();
    const ReviewEntry* entry = model_->entry(current);
    for (QWidget* w : std::initializer_list<QWidget*>{correct_, wrong_, clear_, open_, note_})
        w->setEnabled(entry != nullptr);
    const auto label = model_->label(current);
    const QString verdict = model_->verdict(current);
    correct_->setChecked(verdict == ReviewModel::kCorrect);
    wrong_->setChecked(verdict == ReviewModel::kWrong);
    note_->setText(label ? QString::fromStdString(label->note) : QString());
    if (!entry) {
        reason_->setText(model_->itemCount() == 0 && !model_->isLoading()
                             ? tr("No gate filtered anything in this run.")
                             : tr("Select an item to review it."));
        scores_->clear();
        return;
    }
    reason_->setText(tr("<b>%1</b> &middot; %2<br>%3")
                         .arg(entry->stage.toHtmlEscaped(), entry->key.toHtmlEscaped(),
                              entry->reason.toHtmlEscaped()));
    scores_->setText(entry->scores.isEmpty() ? QString() : tr("Scores: %1").arg(entry->scores));
}

void ReviewView::updateProgress() {
    if (model_->isLoading()) {
        progress_label_->setText(tr("Loading…"));
        return;
    }
    if (!model_->loadError().isEmpty()) {
        progress_label_->setText(tr("Error: %1").arg(model_->loadError()));
        return;
    }
    progress_->setRange(0, qMax(1, model_->itemCount()));
    progress_->setValue(model_->reviewedCount());
    progress_label_->setText(
        tr("%1 of %2 reviewed").arg(model_->reviewedCount()).arg(model_->itemCount()));
}

bool ReviewView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == tree_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return QWidget::eventFilter(watched, event);
        switch (key->key()) {
            case Qt::Key_1:
                markCorrect();
                return true;
            case Qt::Key_2:
                markWrong();
                return true;
            case Qt::Key_0:
            case Qt::Key_Delete:
            case Qt::Key_Backspace:
                clearMark();
                return true;
            case Qt::Key_Return:
            case Qt::Key_Enter:
                openInInspector();
                return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
