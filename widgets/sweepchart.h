#pragma once

#include <QChartView>

#include <optional>

class QLineSeries;
class QValueAxis;
class SweepModel;

// Kept count against threshold, drawn from a SweepModel, with precision and recall on a second
// axis when the stage has review labels, a solid vertical marker at the slider's value and a
// dashed one at the value the run used. Moving the marker touches two points only; the curves
// are rebuilt when the model resets.
class SweepChart : public QChartView {
    Q_OBJECT

public:
    explicit SweepChart(SweepModel* model, QWidget* parent = nullptr);

    void setMarker(double value);
    double markerValue() const { return marker_value_; }
    void setRunValue(std::optional<double> value);
    void setAxisTitle(const QString& title);

    QLineSeries* keptSeries() const { return kept_; }
    QLineSeries* precisionSeries() const { return precision_; }
    QLineSeries* recallSeries() const { return recall_; }
    QLineSeries* markerSeries() const { return marker_; }

public slots:
    void rebuild();

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();
    void placeVertical(QLineSeries* series, double value);

    SweepModel* model_;
    QLineSeries* kept_;
    QLineSeries* precision_;
    QLineSeries* recall_;
    QLineSeries* marker_;
    QLineSeries* run_marker_;
    QValueAxis* x_;
    QValueAxis* count_;
    QValueAxis* ratio_;
    double marker_value_ = 0.0;
    std::optional<double> run_value_;
};
