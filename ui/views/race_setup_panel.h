// RaceSetupPanel: the left side of the Race view — which optimizers race (checkboxes) with their
// own learning rate and momentum, "tune each", the loss landscape switch and the test function.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "engine/core/status.h"
#include "engine/race/racer_spec.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace optiscope::ui {

// GUI thread only. Reads back what the user set as engine value types.
class RaceSetupPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit RaceSetupPanel(QWidget* parent = nullptr);

  // The checked optimizers with their settings (lr, and momentum where the rule has one), in
  // table order. InvalidArgument naming the row when none is checked or a value does not parse.
  Result<std::vector<RacerSpec>> Racers() const;
  // Checks exactly these optimizer types.
  void SetChecked(const QStringList& types);
  // Sets the learning rate shown for `type`. False if the type is not listed.
  bool SetLearningRate(const QString& type, double lr);

  // The target loss for "epochs / seconds to target": NaN when the field is empty (the worst
  // racer's best loss); InvalidArgument when it is not a positive number.
  Result<double> TargetLoss() const;
  bool TuneEach() const;
  bool Landscape() const;
  QString TestFunction() const;  // "" = none
  int TestFunctionSteps() const;
  QTableWidget* table() const { return table_; }

 private:
  QTableWidget* table_ = nullptr;
  QCheckBox* tune_each_ = nullptr;
  QCheckBox* landscape_ = nullptr;
  QLineEdit* target_ = nullptr;
  QComboBox* function_ = nullptr;
  QSpinBox* steps_ = nullptr;
};

}  // namespace optiscope::ui
