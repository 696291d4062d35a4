#pragma once

#include <QList>
#include <QScrollArea>

class QHBoxLayout;
class StageCard;
class StageSummaryModel;
class WorkbenchSession;

// The stages of the open project as a row of cards, in pipeline order. Clicking a card selects
// that stage in the session (so every panel follows); the session's stage is highlighted.
class PipelineStrip : public QScrollArea {
    Q_OBJECT

public:
    PipelineStrip(WorkbenchSession* session, StageSummaryModel* model, QWidget* parent = nullptr);

    const QList<StageCard*>& cards() const { return cards_; }
    StageCard* card(const QString& stage) const;

private:
    void rebuild();
    void refreshRows(int first, int last);
    void highlight(const QString& stage);

    WorkbenchSession* session_;
    StageSummaryModel* model_;
    QWidget* content_;
    QHBoxLayout* layout_;
    QList<StageCard*> cards_;
};
