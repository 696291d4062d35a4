#pragma once

#include <QMap>
#include <QWidget>

#include <optional>
#include <tuple>
#include <vector>

#include "cascade/core/json.h"
#include "cascade/run/stageregistry.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QSpinBox;
class ThresholdRow;

// The model picker, LLM params and gate thresholds of one stage. It only shows values and
// reports the user's edits as (JSON pointer inside the stage, new value or nullopt to remove);
// the stage editor turns those into undoable commands and calls showStage() again.
class StageSettingsForm : public QWidget {
    Q_OBJECT

public:
    explicit StageSettingsForm(QWidget* parent = nullptr);

    void showStage(const cascade::Json& spec, const QStringList& models,
                   const std::vector<cascade::ThresholdSpec>& thresholds);

    QComboBox* modelBox() const { return model_; }
    QDoubleSpinBox* temperatureBox() const { return temperature_; }
    QSpinBox* maxTokensBox() const { return max_tokens_; }
    ThresholdRow* thresholdRow(const QString& param) const { return rows_.value(param); }

signals:
    void valueEdited(const QString& pointer, const std::optional<cascade::Json>& value);

private:
    void rebuildThresholds(const std::vector<cascade::ThresholdSpec>& thresholds);

    QGroupBox* llm_group_;
    QComboBox* model_;
    QDoubleSpinBox* temperature_;
    QSpinBox* max_tokens_;
    QGroupBox* threshold_group_;
    QFormLayout* threshold_form_;
    QMap<QString, ThresholdRow*> rows_;
    std::vector<std::tuple<std::string, double, double, double>> row_ranges_;  // rebuild on change
    cascade::Json spec_;
    bool silent_ = false;
};
