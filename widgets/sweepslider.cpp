#include "widgets/sweepslider.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace {

// Enough decimals to tell the step's values apart.
int decimalsFor(double step) {
    int decimals = 0;
    while (decimals < 6 && std::fabs(step * std::pow(10.0, decimals) -
                                     std::round(step * std::pow(10.0, decimals))) > 1e-9)
        ++decimals;
    return decimals;
}

}  // namespace

SweepSlider::SweepSlider(QWidget* parent)
    : QWidget(parent), slider_(new QSlider(Qt::Horizontal, this)), spin_(new QDoubleSpinBox(this)) {
    spin_->setKeyboardTracking(false);  // typing "0.85" is one value, not three
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(slider_, 1);
    layout->addWidget(spin_);
    connect(slider_, &QSlider::valueChanged, this,
            [this](int position) { emit valueMoved(min_ + position * step_); });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, &SweepSlider::valueMoved);
}

void SweepSlider::setRange(double min, double max, double step) {
    const QSignalBlocker block_slider(slider_);
    const QSignalBlocker block_spin(spin_);
    min_ = min;
    step_ = step > 0.0 ? step : 1.0;
    const int steps = std::max(1, static_cast<int>(std::lround((max - min) / step_)));
    slider_->setRange(0, steps);
    slider_->setPageStep(std::max(1, steps / 10));
    spin_->setDecimals(decimalsFor(step_));
    spin_->setRange(min, max);
    spin_->setSingleStep(step_);
}

void SweepSlider::setValue(double value) {
    const QSignalBlocker block_slider(slider_);
    const QSignalBlocker block_spin(spin_);
    slider_->setValue(static_cast<int>(std::lround((value - min_) / step_)));
    spin_->setValue(value);
}

int SweepSlider::decimals() const {
    return spin_->decimals();
}
