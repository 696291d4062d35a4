#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QSlider;

// A threshold as a slider over the sweep's grid and a spin box for any value in range, kept in
// step. Reports the user's moves through valueMoved(); setValue() is silent.
class SweepSlider : public QWidget {
    Q_OBJECT

public:
    explicit SweepSlider(QWidget* parent = nullptr);

    void setRange(double min, double max, double step);
    void setValue(double value);
    int decimals() const;
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

signals:
    void valueMoved(double value);

private:
    QSlider* slider_;
    QDoubleSpinBox* spin_;
    double min_ = 0.0;
    double step_ = 1.0;
};
