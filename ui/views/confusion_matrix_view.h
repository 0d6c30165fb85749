// ConfusionMatrixView: the test confusion matrix of a finished classification run as a heat-map
// table (rows = true class, columns = predicted class), in the Training view, with the charts'
// export menu (PNG, SVG, CSV).
#pragma once

#include <QStringList>
#include <QWidget>
#include <string>
#include <vector>

class QLabel;
class QTableWidget;

namespace optiscope::ui {

// Cells show counts; the background shades with the count's share of its row (the per-class
// recall on the diagonal), blending the palette's base colour toward its highlight colour so it
// follows light and dark themes. Right-click: export as PNG/SVG or the counts as CSV
// (AddChartExportActions). GUI thread only.
class ConfusionMatrixView final : public QWidget {
  Q_OBJECT

 public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);

  // Shows a K x K matrix (row-major [true][predicted]); names label rows and columns (ids when
  // missing). An empty matrix clears the view (regression, or no finished run).
  void SetMatrix(const std::vector<int>& confusion, const std::vector<std::string>& class_names);
  void Clear();

  // The count in (true, predicted), for tests; -1 outside the matrix.
  int Count(int true_class, int predicted_class) const;
  QTableWidget* table() const { return table_; }
  // The counts as CSV: "true \ predicted,<class>,...", then one line per true class, its name
  // then its counts by predicted class (names quoted when they hold a comma or a quote). Empty
  // when no matrix is shown.
  QString ToCsv() const;

 private:
  QLabel* title_ = nullptr;
  QTableWidget* table_ = nullptr;
  std::vector<int> confusion_;  // the matrix shown, row-major [true][predicted]
  QStringList names_;           // its class names
};

}  // namespace optiscope::ui
