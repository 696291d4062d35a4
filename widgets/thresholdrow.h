#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QSlider;

// A numeric gate setting as a slider and a spin box kept in step. Reports only the user's
// changes; setValue() from the document is silent.
class ThresholdRow : public QWidget {
    Q_OBJECT

public:
    ThresholdRow(double min, double max, double step, QWidget* parent = nullptr);

    void setValue(double value);
    double value() const;
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

signals:
    void valueEdited(double value);

private:
    int sliderPosition(double value) const;

    QSlider* slider_;
    QDoubleSpinBox* spin_;
    double min_;
    double step_;
    bool silent_ = false;
};
