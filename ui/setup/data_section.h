// DataSection: the "Data" part of the Experiment dock — where the data comes from (built-in,
// synthetic, CSV), a preview with column types, the column inspector with its Ignore switches
// (data.drop_columns) and leakage warning, the target and task, preprocessing and the split.
#pragma once

#include <QString>
#include <QStringList>
#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/data/table.h"
#include "ui/data_preview.h"
#include "ui/setup/collapsible_section.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTabBar;

namespace optiscope::ui {

class DataInspector;
class PreviewLoader;
class PreviewTable;
class RecentFiles;

// Edits a DataConfig. Loading and describing data happens off the GUI thread (its own
// PreviewLoader); the preview fills in when the answer arrives. GUI thread only.
class DataSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit DataSection(RecentFiles* recent, QWidget* parent = nullptr);

  // Shows `data` in the widgets and loads its preview.
  void Load(const DataConfig& data);
  // Writes the edited values into *data (every DataConfig field).
  void Apply(DataConfig* data) const;
  // Switches the source to the CSV file at `path` and loads it (errors: errorOccurred).
  void OpenCsv(const QString& path);

  // The task line shown under the target ("classification (3 classes)", "regression", ...).
  QString TaskSummary() const;
  // Number of rows in the preview table (at most kPreviewRows).
  int PreviewRowCount() const;
  // The columns left out of the features (data.drop_columns), in the order they were ignored.
  // Loaded with Load, cleared when the source changes, edited with the inspector's switches.
  QStringList IgnoredColumns() const { return ignored_; }
  // Ignores (or uses again) column `name`, as the inspector's switch does. The target and
  // generated (synthetic) data cannot be ignored: false, nothing changes.
  bool SetColumnIgnored(const QString& name, bool ignored);
  DataInspector* inspector() const { return inspector_; }
  // Shows the Preview (false) or the Columns (true) tab.
  void ShowColumnsTab(bool columns);
  // The warning above the preview (leaking columns, ignored names that are not columns), rich
  // text; empty when there is nothing to warn about.
  QString LeakageWarning() const;
  // The preprocessing combos (data.missing, data.scaling) the Features section mirrors.
  QComboBox* missing_combo() const { return missing_; }
  QComboBox* scaling_combo() const { return scaling_; }

 signals:
  // Loading the data failed; `message` is the engine's Status message (file:line:column: why).
  void errorOccurred(const QString& message);
  // A CSV file loaded successfully (for the recent-files list).
  void csvLoaded(const QString& path);
  // A preview (or an error) for the current source has been shown.
  void previewUpdated();

 private:
  QWidget* BuildSourcePages();
  QWidget* BuildPreprocessing();
  void BuildDataTabs();  // rows line, leakage warning, Preview | Columns (into the body layout)
  void BrowseCsv();
  void RefreshRecent();
  void UpdateSyntheticEnabled();
  void RequestPreview();  // the source changed: reload
  void RequestDescribe();  // target / task / missing changed: re-describe the loaded table
  void ShowPreview(const DataPreview& preview);
  void ShowIgnored();  // ignored_ -> inspector switches, preview headers, warning, rows line

  PreviewLoader* loader_ = nullptr;
  RecentFiles* recent_;

  QComboBox* source_kind_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  QComboBox* builtin_ = nullptr;
  QLabel* builtin_info_ = nullptr;
  QComboBox* synth_kind_ = nullptr;
  QSpinBox* synth_n_ = nullptr;
  QDoubleSpinBox* synth_noise_ = nullptr;
  QSpinBox* synth_seed_ = nullptr;
  QSpinBox* synth_classes_ = nullptr;
  QSpinBox* synth_features_ = nullptr;
  QComboBox* csv_path_ = nullptr;

  QLabel* rows_label_ = nullptr;
  QLabel* leak_label_ = nullptr;
  QTabBar* data_tabs_ = nullptr;  // Preview | Columns, over data_pages_
  QStackedWidget* data_pages_ = nullptr;
  PreviewTable* preview_view_ = nullptr;
  DataInspector* inspector_ = nullptr;
  QComboBox* target_ = nullptr;
  QComboBox* task_ = nullptr;
  QLabel* task_label_ = nullptr;
  QComboBox* missing_ = nullptr;
  QComboBox* scaling_ = nullptr;
  QDoubleSpinBox* validation_fraction_ = nullptr;
  QDoubleSpinBox* test_fraction_ = nullptr;
  QCheckBox* stratify_ = nullptr;
  QSpinBox* split_seed_ = nullptr;

  QString target_name_;  // the chosen target; empty = the last column
  QStringList ignored_;  // data.drop_columns as given (unknown names kept: the run names them)
  DataPreview shown_;    // the preview shown (its rows and profile), for restyling
  std::shared_ptr<const Table> table_;  // the loaded table of the current source, if any
  int pending_request_ = 0;
};

}  // namespace optiscope::ui
