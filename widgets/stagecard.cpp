#include "widgets/stagecard.h"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QProgressBar>
#include <QVBoxLayout>

#include "widgets/displayformat.h"
#include "widgets/stagesummarymodel.h"

namespace {

QLabel* makeLabel(QWidget* parent, bool small = false) {
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::NoTextInteraction);
    if (small) {
        QFont font = label->font();
        font.setPointSizeF(font.pointSizeF() * 0.9);
        label->setFont(font);
    }
    return label;
}

}  // namespace

StageCard::StageCard(StageSummaryModel* model, int row, QWidget* parent)
    : QFrame(parent), model_(model), row_(row) {
    setCursor(Qt::PointingHandCursor);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumWidth(210);
    setMaximumWidth(300);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);

    icon_ = makeLabel(this);
    title_ = makeLabel(this);
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    title_->setFont(bold);
    status_ = makeLabel(this, true);
    status_->setForegroundRole(QPalette::PlaceholderText);
    model_label_ = makeLabel(this, true);
    model_label_->setForegroundRole(QPalette::PlaceholderText);
    counts_ = makeLabel(this);
    stats_ = makeLabel(this, true);
    notes_ = makeLabel(this, true);
    notes_->setWordWrap(true);
    QFont italic = notes_->font();
    italic.setItalic(true);
    notes_->setFont(italic);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(false);
    progress_->setMaximumHeight(6);

    auto* header = new QHBoxLayout;
    header->setSpacing(6);
    header->addWidget(icon_);
    header->addWidget(title_, 1);
    header->addWidget(status_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(3);
    layout->addLayout(header);
    layout->addWidget(model_label_);
    layout->addWidget(counts_);
    layout->addWidget(stats_);
    layout->addWidget(progress_);
    layout->addWidget(notes_);
    layout->addStretch(1);
    refresh();
}

QString StageCard::stage() const { return model_->stageAt(row_); }

void StageCard::setSelected(bool selected) {
    if (selected_ == selected) return;
    selected_ = selected;
    update();
}

QString StageCard::countsText() const { return counts_->text(); }
QString StageCard::statsText() const { return stats_->text(); }

void StageCard::refresh() {
    using C = StageSummaryModel;
    auto value = [&](int column) { return model_->index(row_, column).data(); };
    auto rawValue = [&](int column) { return model_->index(row_, column).data(C::RawRole); };
    const QString kind = value(C::Kind).toString();
    icon_->setPixmap(DisplayFormat::stageKindIcon(kind).pixmap(22, 22));
    icon_->setToolTip(kind);
    title_->setText(value(C::Stage).toString());
    status_->setText(value(C::Status).toString());
    const QString model = value(C::Model).toString();
    model_label_->setText(model.isEmpty() ? kind : kind + QStringLiteral(" · ") + model);

    const auto* counters = model_->counters(row_);
    if (!counters) {
        counts_->setText(tr("not run yet"));
        stats_->clear();
    } else {
        // Gates show their three outcomes; a stage that failed items says so.
        counts_->setText(tr("%1 in → %2 kept · %3 filtered · %4 err")
                             .arg(DisplayFormat::count(counters->items_in),
                                  DisplayFormat::count(counters->kept),
                                  DisplayFormat::count(counters->filtered),
                                  DisplayFormat::count(counters->errors)));
        QStringList stats{DisplayFormat::cost(counters->cost),
                          tr("p50 %1").arg(DisplayFormat::latency(counters->latency_p50_ms))};
        const QVariant reused = rawValue(C::ReusedFrom);
        if (reused.isValid())
            stats << tr("reused from run %1").arg(reused.toLongLong());
        else if (counters->calls > 0)
            stats << tr("%1/%2 cached").arg(counters->cache_hits).arg(counters->calls);
        stats_->setText(stats.join(QStringLiteral(" · ")));
    }
    const bool running = model_->isRunning(row_);
    progress_->setVisible(running);
    progress_->setValue(qRound(rawValue(C::Progress).toDouble() * 1000));
    const QStringList notes = rawValue(C::Notes).toStringList();
    notes_->setText(notes.join('\n'));
    notes_->setVisible(!notes.isEmpty());
    setToolTip(tr("%1 (%2): click to select this stage everywhere").arg(title_->text(), kind));
}

void StageCard::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) emit clicked(stage());
    QFrame::mousePressEvent(event);
}

void StageCard::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Space || event->key() == Qt::Key_Return ||
        event->key() == Qt::Key_Enter) {
        emit clicked(stage());
        return;
    }
    QFrame::keyPressEvent(event);
}

void StageCard::paintEvent(QPaintEvent* event) {
    // Drawn from palette roles so light and dark themes both read well.
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(1, 1, -1, -1);
    painter.setBrush(palette().color(QPalette::Base));
    QPen pen(selected_ ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid));
    pen.setWidthF(selected_ ? 2.5 : 1.0);
    painter.setPen(pen);
    painter.drawRoundedRect(box, 6, 6);
    QFrame::paintEvent(event);
}
