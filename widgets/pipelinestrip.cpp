#include "widgets/pipelinestrip.h"

#include <QHBoxLayout>
#include <QLabel>

#include "widgets/stagecard.h"
#include "widgets/stagesummarymodel.h"
#include "widgets/workbenchsession.h"

PipelineStrip::PipelineStrip(WorkbenchSession* session, StageSummaryModel* model, QWidget* parent)
    : QScrollArea(parent), session_(session), model_(model), content_(new QWidget) {
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    layout_ = new QHBoxLayout(content_);
    layout_->setContentsMargins(6, 6, 6, 6);
    layout_->setSpacing(4);
    setWidget(content_);

    connect(model_, &QAbstractItemModel::modelReset, this, &PipelineStrip::rebuild);
    connect(model_, &QAbstractItemModel::rowsInserted, this, &PipelineStrip::rebuild);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &PipelineStrip::rebuild);
    connect(model_, &QAbstractItemModel::layoutChanged, this, &PipelineStrip::rebuild);
    connect(model_, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& from, const QModelIndex& to) {
                refreshRows(from.row(), to.row());
            });
    connect(session_, &WorkbenchSession::stageSelected, this, &PipelineStrip::highlight);
    rebuild();
}

StageCard* PipelineStrip::card(const QString& stage) const {
    for (auto* c : cards_)
        if (c->stage() == stage) return c;
    return nullptr;
}

void PipelineStrip::rebuild() {
    while (auto* child = layout_->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    cards_.clear();
    for (int row = 0; row < model_->rowCount(); ++row) {
        if (row > 0) {
            auto* arrow = new QLabel(QStringLiteral("→"), content_);
            arrow->setForegroundRole(QPalette::PlaceholderText);
            QFont font = arrow->font();
            font.setPointSizeF(font.pointSizeF() * 1.4);
            arrow->setFont(font);
            layout_->addWidget(arrow, 0, Qt::AlignTop);
            arrow->setContentsMargins(0, 40, 0, 0);  // level with the counts
        }
        auto* card = new StageCard(model_, row, content_);
        connect(card, &StageCard::clicked, session_, &WorkbenchSession::setCurrentStage);
        layout_->addWidget(card, 1, Qt::AlignTop);  // as tall as its content
        cards_ << card;
    }
    if (cards_.isEmpty()) {
        auto* empty = new QLabel(tr("Open a project to see its stages."), content_);
        empty->setForegroundRole(QPalette::PlaceholderText);
        layout_->addWidget(empty, 1, Qt::AlignCenter);
    } else {
        layout_->addStretch(0);
    }
    highlight(session_->currentStage());
}

void PipelineStrip::refreshRows(int first, int last) {
    for (auto* card : cards_)
        if (card->row() >= first && card->row() <= last) card->refresh();
}

void PipelineStrip::highlight(const QString& stage) {
    for (auto* card : cards_) card->setSelected(card->stage() == stage);
    if (auto* selected = card(stage)) ensureWidgetVisible(selected);
}
