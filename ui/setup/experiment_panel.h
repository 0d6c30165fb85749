// ExperimentPanel: the body of the Experiment dock — the collapsible sections that together edit
// one ExperimentConfig value.
#pragma once

#include <QScrollArea>

#include "engine/config/experiment_config.h"

namespace optiscope::ui {

class DataSection;
class FeaturesSection;
class LossSection;
class ModelSection;
class OptimizerSection;
class RegularizationSection;
class RecentFiles;
class ScheduleSection;
class SearchSection;

// Holds the sections in a scrollable column. Config() builds the configuration from the widgets;
// SetConfig() fills the widgets from one. Fields no section shows (the name, features) are kept
// from the last SetConfig, so load -> export round-trips. The Search section holds the Search
// mode's settings, which are not part of the configuration. The wheel changes an editor's value
// only when that editor has focus (see eventFilter). GUI thread only.
class ExperimentPanel final : public QScrollArea {
  Q_OBJECT

 public:
  explicit ExperimentPanel(RecentFiles* recent, QWidget* parent = nullptr);

  ExperimentConfig Config() const;
  void SetConfig(const ExperimentConfig& config);

  DataSection* data_section() const { return data_; }
  ModelSection* model_section() const { return model_; }
  OptimizerSection* optimizer_section() const { return optimizer_; }
  LossSection* loss_section() const { return loss_; }
  ScheduleSection* schedule_section() const { return schedule_; }
  RegularizationSection* regularization_section() const { return regularization_; }
  FeaturesSection* features_section() const { return features_; }  // issue 5
  SearchSection* search_section() const { return search_; }

 protected:
  // The wheel guard: over a combo box or spin box of this panel that does not have focus, the
  // wheel scrolls the panel instead of changing the value (the editors take focus only by click
  // or Tab). Watches the application's events so editors built later are guarded too.
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  ExperimentConfig base_;
  DataSection* data_ = nullptr;
  ModelSection* model_ = nullptr;
  OptimizerSection* optimizer_ = nullptr;
  LossSection* loss_ = nullptr;
  ScheduleSection* schedule_ = nullptr;
  RegularizationSection* regularization_ = nullptr;
  FeaturesSection* features_ = nullptr;  // issue 5: impute -> scale -> extract -> select -> reduce
  SearchSection* search_ = nullptr;      // issue 4: read by the Search mode, not by Config()
};

}  // namespace optiscope::ui
