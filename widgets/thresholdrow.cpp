#include "widgets/thresholdrow.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

ThresholdRow::ThresholdRow(double min, double max, double step, QWidget* parent)
    : QWidget(parent), min_(min), step_(step > 0 ? step : 0.01) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, sliderPosition(max));
    slider_->setPageStep(std::max(1, slider_->maximum() / 10));
    slider_->setMinimumWidth(slider_->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16);
    spin_ = new QDoubleSpinBox(this);
    const int decimals = step_ >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step_) - 1e-9));
    spin_->setDecimals(decimals);
    spin_->setRange(min, max);
    spin_->setSingleStep(step_);
    spin_->setKeyboardTracking(false);  // typed values commit on Enter, not per keystroke
    spin_->setMinimumWidth(spin_->fontMetrics().horizontalAdvance(QStringLiteral("0000.000")));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);

    connect(slider_, &QSlider::valueChanged, this, [this](int position) {
        if (silent_) return;
        const double value = min_ + position * step_;
        {
            const QSignalBlocker block(spin_);
            spin_->setValue(value);
        }
        emit valueEdited(spin_->value());  // the spin box rounds to its decimals
    });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (silent_) return;
        {
            const QSignalBlocker block(slider_);
            slider_->setValue(sliderPosition(value));
        }
        emit valueEdited(value);
    });
}

int ThresholdRow::sliderPosition(double value) const {
    return static_cast<int>(std::lround((value - min_) / step_));
}

void ThresholdRow::setValue(double value) {
    silent_ = true;
    // A value outside the kind's usual range is still the project's value: widen, don't clamp.
    if (value > spin_->maximum()) spin_->setMaximum(value);
    if (value < spin_->minimum()) {
        spin_->setMinimum(value);
        min_ = value;
    }
    slider_->setRange(0, sliderPosition(spin_->maximum()));
    spin_->setValue(value);
    slider_->setValue(sliderPosition(value));
    silent_ = false;
}

double ThresholdRow::value() const {
    return spin_->value();
}
