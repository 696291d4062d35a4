#include "widgets/stagesettingsform.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

#include "widgets/thresholdrow.h"

namespace {

constexpr double kTemperatureUnset = -0.05;  // the spin box's minimum shows "default"

}  // namespace

StageSettingsForm::StageSettingsForm(QWidget* parent) : QWidget(parent) {
    llm_group_ = new QGroupBox(tr("Model"), this);
    model_ = new QComboBox(llm_group_);
    temperature_ = new QDoubleSpinBox(llm_group_);
    temperature_->setRange(kTemperatureUnset, 2.0);
    temperature_->setSingleStep(0.05);
    temperature_->setDecimals(2);
    temperature_->setSpecialValueText(tr("default"));
    temperature_->setKeyboardTracking(false);
    temperature_->setToolTip(tr("Sampling temperature; step below 0 for the provider default"));
    max_tokens_ = new QSpinBox(llm_group_);
    max_tokens_->setRange(0, 1'000'000);
    max_tokens_->setSingleStep(50);
    max_tokens_->setSpecialValueText(tr("default"));
    max_tokens_->setKeyboardTracking(false);
    max_tokens_->setToolTip(tr("Reply token limit; 0 for the provider default"));
    auto* llm_form = new QFormLayout(llm_group_);
    llm_form->addRow(tr("Model"), model_);
    llm_form->addRow(tr("Temperature"), temperature_);
    llm_form->addRow(tr("Max tokens"), max_tokens_);

    threshold_group_ = new QGroupBox(tr("Thresholds"), this);
    threshold_form_ = new QFormLayout(threshold_group_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(llm_group_);
    layout->addWidget(threshold_group_);
    layout->addStretch(1);

    connect(model_, &QComboBox::activated, this, [this](int index) {
        emit valueEdited(QStringLiteral("/model"),
                         cascade::Json(model_->itemText(index).toStdString()));
    });
    connect(temperature_, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        if (silent_) return;
        if (value <= kTemperatureUnset + 1e-9) {
            emit valueEdited(QStringLiteral("/params/temperature"), std::nullopt);
            return;
        }
        // Keep the file free of binary noise such as 0.30000000000000004.
        emit valueEdited(QStringLiteral("/params/temperature"),
                         cascade::Json(std::round(value * 100.0) / 100.0));
    });
    connect(max_tokens_, &QSpinBox::valueChanged, this, [this](int value) {
        if (silent_) return;
        emit valueEdited(QStringLiteral("/params/max_tokens"),
                         value == 0 ? std::nullopt : std::optional(cascade::Json(value)));
    });
}

void StageSettingsForm::showStage(const cascade::Json& spec, const QStringList& models,
                                  const std::vector<cascade::ThresholdSpec>& thresholds) {
    silent_ = true;
    spec_ = spec;
    const bool llm = spec.contains("model");
    llm_group_->setVisible(llm);
    if (llm) {
        const QString current = QString::fromStdString(spec.value("model", ""));
        model_->clear();
        model_->addItems(models);
        if (!models.contains(current)) model_->addItem(current);
        model_->setCurrentText(current);
        const cascade::Json params = spec.value("params", cascade::Json::object());
        temperature_->setValue(params.contains("temperature") && params["temperature"].is_number()
                                   ? params["temperature"].get<double>()
                                   : kTemperatureUnset);
        max_tokens_->setValue(params.contains("max_tokens") && params["max_tokens"].is_number()
                                  ? params["max_tokens"].get<int>()
                                  : 0);
    }
    rebuildThresholds(thresholds);
    for (const auto& threshold : thresholds) {
        ThresholdRow* row = rows_.value(QString::fromStdString(threshold.param));
        const cascade::Json* value = cascade::find_pointer(spec, "/" + threshold.param);
        const bool set = value && value->is_number();
        row->setValue(set ? value->get<double>() : threshold.min);
        row->setToolTip(set ? QString()
                            : tr("Not set in cascade.json: the stage's default applies until "
                                 "you change it"));
    }
    threshold_group_->setVisible(!thresholds.empty());
    silent_ = false;
}

void StageSettingsForm::rebuildThresholds(const std::vector<cascade::ThresholdSpec>& thresholds) {
    std::vector<std::tuple<std::string, double, double, double>> ranges;
    for (const auto& t : thresholds) ranges.emplace_back(t.param, t.min, t.max, t.step);
    // Rebuilding while a slider is dragged would drop the drag: keep rows for the same settings.
    if (ranges == row_ranges_) return;
    row_ranges_ = std::move(ranges);
    while (threshold_form_->rowCount() > 0) threshold_form_->removeRow(0);
    rows_.clear();
    for (const auto& threshold : thresholds) {
        auto* row =
            new ThresholdRow(threshold.min, threshold.max, threshold.step, threshold_group_);
        const QString param = QString::fromStdString(threshold.param);
        row->setObjectName(param);
        auto* label = new QLabel(QString::fromStdString(threshold.label), threshold_group_);
        label->setToolTip(param);
        threshold_form_->addRow(label, row);
        rows_.insert(param, row);
        connect(row, &ThresholdRow::valueEdited, this,
                [this, param, step = threshold.step](double value) {
                    if (silent_) return;
                    const cascade::Json* old =
                        cascade::find_pointer(spec_, "/" + param.toStdString());
                    const bool integral = std::abs(value - std::round(value)) < 1e-9;
                    // Whole-number settings (top_k, an integer min_score) stay integers.
                    if (integral && (step >= 1.0 || (old && old->is_number_integer())))
                        emit valueEdited("/" + param, cascade::Json(std::llround(value)));
                    else
                        emit valueEdited("/" + param, cascade::Json(value));
                });
    }
}
