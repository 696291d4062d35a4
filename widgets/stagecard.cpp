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
    setMinimumWidth(165);
    setMaximumWidth(260);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);

    icon_ = makeLabel(this);
    title_ = makeLabel(this);
    QFont bold = title_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    title_->setFont(bold);
    model_label_ = makeLabel(this, true);
    model_label_->setForegroundRole(QPalette::PlaceholderText);
    model_label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // elided to fit
    counts_ = makeLabel(this);
    outcomes_ = makeLabel(this);
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
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(3);
    layout->addLayout(header);
    layout->addWidget(model_label_);
    layout->addWidget(counts_);
    layout->addWidget(outcomes_);
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

QString StageCard::countsText() const {
    return outcomes_->text().isEmpty() ? counts_->text()
                                       : counts_->text() + QStringLiteral(" · ") + outcomes_->text();
}
QString StageCard::statsText() const { return stats_->text(); }

void StageCard::refresh() {
    using C = StageSummaryModel;
    auto value = [&](int column) { return model_->index(row_, column).data(); };
    auto rawValue = [&](int column) { return model_->index(row_, column).data(C::RawRole); };
    const QString kind = value(C::Kind).toString();
    icon_->setPixmap(DisplayFormat::stageKindIcon(kind).pixmap(22, 22));
    icon_->setToolTip(kind);
    title_->setText(value(C::Stage).toString());
    const QString model = value(C::Model).toString();
    model_text_ = model.isEmpty() ? kind : kind + QStringLiteral(" · ") + model;
    elideModel();

    const auto* counters = model_->counters(row_);
    if (!counters) {
        counts_->setText(tr("not run yet"));
        outcomes_->clear();
        stats_->clear();
    } else {
        counts_->setText(tr("%1 in → %2 kept")
                             .arg(DisplayFormat::count(counters->items_in),
                                  DisplayFormat::count(counters->kept)));
        outcomes_->setText(tr("%1 filtered · %2 err")
                               .arg(DisplayFormat::count(counters->filtered),
                                    DisplayFormat::count(counters->errors)));
        QStringList stats;
        const QString status = value(C::Status).toString();
        if (status != QLatin1String("finished") && status != QLatin1String("reused")) stats << status;
        stats << DisplayFormat::cost(counters->cost);
        if (counters->latency_p50_ms > 0)  // cache hits and gates without calls take no time
            stats << tr("p50 %1").arg(DisplayFormat::latency(counters->latency_p50_ms));
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
    setToolTip(tr("%1 (%2, %3): click to select this stage everywhere")
                   .arg(title_->text(), kind, value(C::Status).toString()));
}

void StageCard::elideModel() {
    // The provider's model id can be long; the card shows what fits, the tooltip all of it.
    const int width = std::max(40, contentsRect().width() - 20);
    model_label_->setText(model_label_->fontMetrics().elidedText(model_text_, Qt::ElideRight, width));
    model_label_->setToolTip(model_text_);
}

void StageCard::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    elideModel();
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
