#include "ui/setup/data_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <climits>

#include "engine/data/builtin_datasets.h"
#include "engine/data/synthetic.h"
#include "ui/enum_text.h"
#include "ui/preview_loader.h"
#include "ui/recent_files.h"
#include "ui/setup/data_inspector.h"
#include "ui/setup/leakage_warning.h"
#include "ui/setup/preview_table.h"

namespace optiscope::ui {
namespace {

enum SourcePage { kBuiltinPage = 0, kSyntheticPage = 1, kCsvPage = 2 };

QComboBox* MakeChoice(const QStringList& values, const QString& tip, QWidget* parent) {
  auto* combo = new QComboBox(parent);
  combo->addItems(values);
  combo->setToolTip(tip);
  return combo;
}

void SelectText(QComboBox* combo, const QString& text) {
  const int i = combo->findText(text);
  if (i >= 0) combo->setCurrentIndex(i);
}

}  // namespace

DataSection::DataSection(RecentFiles* recent, QWidget* parent)
    : CollapsibleSection(tr("Data"), parent), recent_(recent) {
  loader_ = new PreviewLoader(this);
  source_kind_ = MakeChoice({tr("Built-in dataset"), tr("Synthetic generator"), tr("CSV file")},
                            tr("Where the data comes from"), this);
  source_kind_->setObjectName("sourceKindCombo");
  auto* source_row = new QFormLayout();
  source_row->addRow(tr("Source"), source_kind_);
  body_layout()->addLayout(source_row);
  body_layout()->addWidget(BuildSourcePages());

  BuildDataTabs();
  body_layout()->addWidget(BuildPreprocessing());

  connect(source_kind_, &QComboBox::currentIndexChanged, this, [this](int page) {
    pages_->setCurrentIndex(page);
    target_name_.clear();
    ignored_.clear();
    RequestPreview();
  });
  connect(builtin_, &QComboBox::currentIndexChanged, this, [this] {
    target_name_.clear();
    ignored_.clear();
    RequestPreview();
  });
  for (QSpinBox* spin : {synth_n_, synth_seed_, synth_classes_, synth_features_}) {
    connect(spin, &QSpinBox::valueChanged, this, &DataSection::RequestPreview);
  }
  connect(synth_noise_, &QDoubleSpinBox::valueChanged, this, &DataSection::RequestPreview);
  connect(synth_kind_, &QComboBox::currentIndexChanged, this, [this] {
    UpdateSyntheticEnabled();
    RequestPreview();
  });
  connect(csv_path_, &QComboBox::textActivated, this, [this](const QString& /*path*/) {
    target_name_.clear();
    ignored_.clear();
    RequestPreview();
  });
  // Enter in the path field loads the file typed (with NoInsert, the combo itself ignores Enter).
  connect(csv_path_->lineEdit(), &QLineEdit::returnPressed, this, [this] {
    if (csv_path_->currentText().trimmed().isEmpty()) return;
    target_name_.clear();
    ignored_.clear();
    RequestPreview();
  });
  connect(target_, &QComboBox::activated, this, [this] {
    target_name_ = target_->currentText();
    ignored_.removeAll(target_name_);  // the target cannot be left out
    RequestDescribe();
  });
  connect(task_, &QComboBox::currentIndexChanged, this, &DataSection::RequestDescribe);
  connect(missing_, &QComboBox::currentIndexChanged, this, &DataSection::RequestDescribe);
  connect(loader_, &PreviewLoader::previewReady, this, &DataSection::ShowPreview);
  connect(recent_, &RecentFiles::changed, this, &DataSection::RefreshRecent);
  UpdateSyntheticEnabled();
}

QWidget* DataSection::BuildSourcePages() {
  pages_ = new QStackedWidget(this);

  auto* builtin_page = new QWidget(pages_);
  auto* builtin_form = new QFormLayout(builtin_page);
  builtin_form->setContentsMargins(0, 0, 0, 0);
  builtin_ = new QComboBox(builtin_page);
  builtin_->setObjectName("builtinCombo");
  builtin_->setToolTip(tr("Datasets shipped inside Optiscope"));
  for (const BuiltinInfo& info : ListBuiltinDatasets()) {
    builtin_->addItem(QString::fromStdString(info.name));
    builtin_->setItemData(builtin_->count() - 1, QString::fromStdString(info.description),
                          Qt::ToolTipRole);
  }
  builtin_form->addRow(tr("Dataset"), builtin_);
  pages_->addWidget(builtin_page);

  auto* synth_page = new QWidget(pages_);
  auto* synth_form = new QFormLayout(synth_page);
  synth_form->setContentsMargins(0, 0, 0, 0);
  synth_kind_ =
      MakeChoice(EnumTexts<SyntheticKind>(), tr("Shape of the generated data"), synth_page);
  synth_kind_->setObjectName("syntheticKindCombo");
  synth_n_ = new QSpinBox(synth_page);
  synth_n_->setRange(10, 1000000);
  synth_n_->setSingleStep(100);
  synth_n_->setToolTip(tr("Number of rows to generate"));
  synth_noise_ = new QDoubleSpinBox(synth_page);
  synth_noise_->setRange(0.0, 10.0);
  synth_noise_->setSingleStep(0.05);
  synth_noise_->setDecimals(3);
  synth_noise_->setToolTip(tr("Standard deviation of the Gaussian noise added to the points"));
  synth_seed_ = new QSpinBox(synth_page);
  synth_seed_->setRange(0, INT_MAX);
  synth_seed_->setToolTip(tr("Seed of the generator: same seed, same data"));
  synth_classes_ = new QSpinBox(synth_page);
  synth_classes_->setRange(2, 20);
  synth_classes_->setToolTip(tr("Number of classes (blobs and spirals)"));
  synth_features_ = new QSpinBox(synth_page);
  synth_features_->setRange(1, 1000);
  synth_features_->setToolTip(tr("Number of features (blobs and linear)"));
  for (QWidget* w : {static_cast<QWidget*>(synth_n_), static_cast<QWidget*>(synth_noise_),
                     static_cast<QWidget*>(synth_seed_), static_cast<QWidget*>(synth_classes_),
                     static_cast<QWidget*>(synth_features_)}) {
    static_cast<QAbstractSpinBox*>(w)->setKeyboardTracking(false);
  }
  synth_form->addRow(tr("Generator"), synth_kind_);
  synth_form->addRow(tr("Rows"), synth_n_);
  synth_form->addRow(tr("Noise"), synth_noise_);
  synth_form->addRow(tr("Seed"), synth_seed_);
  synth_form->addRow(tr("Classes"), synth_classes_);
  synth_form->addRow(tr("Features"), synth_features_);
  pages_->addWidget(synth_page);

  auto* csv_page = new QWidget(pages_);
  auto* csv_row = new QHBoxLayout(csv_page);
  csv_row->setContentsMargins(0, 0, 0, 0);
  csv_path_ = new QComboBox(csv_page);
  csv_path_->setObjectName("csvPathCombo");
  csv_path_->setEditable(true);
  csv_path_->setInsertPolicy(QComboBox::NoInsert);
  csv_path_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  csv_path_->setMinimumContentsLength(12);
  csv_path_->lineEdit()->setPlaceholderText(tr("path/to/file.csv"));
  csv_path_->setToolTip(tr("CSV file to load: type a path and press Enter, pick a recent file, "
                           "or drop a .csv onto the window"));
  auto* browse = new QToolButton(csv_page);
  browse->setText(tr("Browse..."));
  browse->setToolTip(tr("Choose a CSV file"));
  connect(browse, &QToolButton::clicked, this, &DataSection::BrowseCsv);
  csv_row->addWidget(new QLabel(tr("File"), csv_page));
  csv_row->addWidget(csv_path_, 1);
  csv_row->addWidget(browse);
  pages_->addWidget(csv_page);
  RefreshRecent();
  // The stack is as tall as its current page, not its tallest one.
  auto fit_page = [this](int current) {
    for (int i = 0; i < pages_->count(); ++i) {
      const auto policy = i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored;
      pages_->widget(i)->setSizePolicy(policy, policy);
    }
    pages_->adjustSize();
  };
  connect(pages_, &QStackedWidget::currentChanged, this, fit_page);
  fit_page(pages_->currentIndex());
  return pages_;
}

void DataSection::BuildDataTabs() {
  rows_label_ = new QLabel(this);
  rows_label_->setToolTip(tr("Size of the loaded data"));
  preview_view_ = new PreviewTable(this);
  inspector_ = new DataInspector(this);
  inspector_->setObjectName("dataInspector");
  // Preview | Columns: a tab bar over a stack that is as tall as the page shown (a QTabWidget is
  // as tall as its tallest page, and the inspector is taller than the preview).
  data_tabs_ = new QTabBar(this);
  data_tabs_->setObjectName("dataTabs");
  data_tabs_->setDocumentMode(true);
  data_tabs_->setExpanding(false);
  data_tabs_->addTab(tr("Preview"));
  data_tabs_->addTab(tr("Columns"));
  data_tabs_->setTabToolTip(0, tr("The first rows of the data"));
  data_tabs_->setTabToolTip(1, tr("Every column: type, missing cells, distribution, association "
                                  "with the target, range; tick Ignore to leave one out"));
  data_pages_ = new QStackedWidget(this);
  data_pages_->addWidget(preview_view_);
  data_pages_->addWidget(inspector_);
  leak_label_ = new QLabel(this);
  leak_label_->setObjectName("leakageWarning");
  leak_label_->setWordWrap(true);
  leak_label_->setTextFormat(Qt::RichText);
  leak_label_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  leak_label_->setToolTip(tr("A column (nearly) equal to the target gives the model the answer: "
                             "its scores would not hold on new data"));
  leak_label_->hide();
  auto show_page = [this](int current) {
    for (int i = 0; i < data_pages_->count(); ++i) {
      const auto policy = i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored;
      data_pages_->widget(i)->setSizePolicy(policy, policy);
    }
    data_pages_->setCurrentIndex(current);
    data_pages_->adjustSize();
  };
  connect(data_tabs_, &QTabBar::currentChanged, this, show_page);
  show_page(data_tabs_->currentIndex());
  body_layout()->addWidget(rows_label_);
  body_layout()->addWidget(leak_label_);
  body_layout()->addWidget(data_tabs_);
  body_layout()->addWidget(data_pages_);
  connect(inspector_, &DataInspector::ignoreToggled, this,
          [this](const QString& name, bool ignored) { SetColumnIgnored(name, ignored); });
  connect(leak_label_, &QLabel::linkActivated, this, [this](const QString& link) {
    if (link.startsWith(QLatin1String("ignore:"))) SetColumnIgnored(link.mid(7), true);
    if (link == QLatin1String("columns")) data_tabs_->setCurrentIndex(1);
  });
}

QWidget* DataSection::BuildPreprocessing() {
  auto* box = new QWidget(this);
  auto* form = new QFormLayout(box);
  form->setContentsMargins(0, 0, 0, 0);
  target_ = new QComboBox(box);
  target_->setObjectName("targetCombo");
  target_->setToolTip(tr("The column to predict (default: the last one)"));
  task_ = MakeChoice(EnumTexts<TaskChoice>(),
                     tr("auto: integer targets with at most 20 values are classes, "
                        "text targets are classes, anything else is regression"),
                     box);
  task_label_ = new QLabel(box);
  task_label_->setObjectName("taskLabel");
  task_label_->setWordWrap(true);
  task_label_->setToolTip(tr("What the model will learn, given the target and task"));
  missing_ = MakeChoice(EnumTexts<MissingPolicy>(),
                        tr("Missing feature values: impute with the training rows' mean, "
                           "median or most frequent value, or drop incomplete rows"),
                        box);
  scaling_ = MakeChoice(EnumTexts<Scaling>(),
                        tr("Feature scaling, fitted on the training rows only"), box);
  auto make_fraction = [box](const QString& tip) {
    auto* spin = new QDoubleSpinBox(box);
    spin->setRange(0.0, 0.9);
    spin->setSingleStep(0.05);
    spin->setDecimals(2);
    spin->setToolTip(tip);
    return spin;
  };
  validation_fraction_ = make_fraction(tr("Share of rows held out for validation (the "
                                          "validation loss curve)"));
  test_fraction_ = make_fraction(tr("Share of rows held out for the final test metrics"));
  stratify_ = new QCheckBox(tr("stratified"), box);
  stratify_->setToolTip(tr("Keep class proportions in every part (classification)"));
  split_seed_ = new QSpinBox(box);
  split_seed_->setRange(0, INT_MAX);
  split_seed_->setToolTip(tr("Seed of the row shuffle before splitting"));
  auto* fractions = new QHBoxLayout();
  fractions->addWidget(validation_fraction_);
  fractions->addWidget(new QLabel(tr("test"), box));
  fractions->addWidget(test_fraction_);
  auto* seed_row = new QHBoxLayout();
  seed_row->addWidget(split_seed_, 1);
  seed_row->addWidget(stratify_);
  form->addRow(tr("Target"), target_);
  form->addRow(tr("Task"), task_);
  form->addRow(QString(), task_label_);
  form->addRow(tr("Missing"), missing_);
  form->addRow(tr("Scaling"), scaling_);
  form->addRow(tr("Validation"), fractions);
  form->addRow(tr("Split seed"), seed_row);
  return box;
}

void DataSection::Load(const DataConfig& data) {
  const QSignalBlocker b1(source_kind_), b2(builtin_), b3(synth_kind_), b4(synth_n_),
      b5(synth_noise_), b6(synth_seed_), b7(synth_classes_), b8(synth_features_), b9(csv_path_),
      b10(task_), b11(missing_);
  const QString source = QString::fromStdString(data.source);
  int page = kCsvPage;
  if (data.source == "synthetic") {
    page = kSyntheticPage;
  } else if (builtin_->findText(source) >= 0) {
    page = kBuiltinPage;
    SelectText(builtin_, source);
  } else {
    csv_path_->setEditText(source);
  }
  source_kind_->setCurrentIndex(page);
  pages_->setCurrentIndex(page);
  SelectText(synth_kind_, EnumText(data.synthetic.kind));
  synth_n_->setValue(data.synthetic.n);
  synth_noise_->setValue(data.synthetic.noise);
  synth_seed_->setValue(static_cast<int>(data.synthetic.seed));
  synth_classes_->setValue(data.synthetic.classes);
  synth_features_->setValue(data.synthetic.features);
  target_name_ = QString::fromStdString(data.target);
  ignored_.clear();
  for (const std::string& name : SplitColumnNames(data.drop_columns)) {
    ignored_ << QString::fromStdString(name);
  }
  SelectText(task_, EnumText(data.task));
  SelectText(missing_, EnumText(data.missing));
  SelectText(scaling_, EnumText(data.scaling));
  validation_fraction_->setValue(data.validation_fraction);
  test_fraction_->setValue(data.test_fraction);
  stratify_->setChecked(data.stratify);
  split_seed_->setValue(static_cast<int>(data.split_seed));
  UpdateSyntheticEnabled();
  RequestPreview();
}

void DataSection::Apply(DataConfig* data) const {
  switch (source_kind_->currentIndex()) {
    case kBuiltinPage:
      data->source = builtin_->currentText().toStdString();
      break;
    case kSyntheticPage:
      data->source = "synthetic";
      break;
    default:
      data->source = csv_path_->currentText().trimmed().toStdString();
      break;
  }
  data->synthetic.kind = EnumOfText(synth_kind_->currentText(), data->synthetic.kind);
  data->synthetic.n = synth_n_->value();
  data->synthetic.noise = synth_noise_->value();
  data->synthetic.seed = static_cast<uint64_t>(synth_seed_->value());
  data->synthetic.classes = synth_classes_->value();
  data->synthetic.features = synth_features_->value();
  data->target = target_name_.toStdString();
  std::vector<std::string> ignored;
  if (source_kind_->currentIndex() != kSyntheticPage) {  // generated data has no columns to drop
    for (const QString& name : ignored_) ignored.push_back(name.toStdString());
  }
  data->drop_columns = JoinColumnNames(ignored);
  data->task = EnumOfText(task_->currentText(), data->task);
  data->missing = EnumOfText(missing_->currentText(), data->missing);
  data->scaling = EnumOfText(scaling_->currentText(), data->scaling);
  data->validation_fraction = validation_fraction_->value();
  data->test_fraction = test_fraction_->value();
  data->stratify = stratify_->isChecked();
  data->split_seed = static_cast<uint64_t>(split_seed_->value());
}

void DataSection::OpenCsv(const QString& path) {
  {
    const QSignalBlocker block(source_kind_);
    source_kind_->setCurrentIndex(kCsvPage);
    pages_->setCurrentIndex(kCsvPage);
  }
  csv_path_->setEditText(QFileInfo(path).absoluteFilePath());
  target_name_.clear();
  ignored_.clear();
  RequestPreview();
}

QString DataSection::TaskSummary() const { return task_label_->text(); }

int DataSection::PreviewRowCount() const { return preview_view_->RowCount(); }

void DataSection::BrowseCsv() {
  const QString start = QFileInfo(csv_path_->currentText()).absolutePath();
  const QString path = QFileDialog::getOpenFileName(this, tr("Open CSV file"), start,
                                                    tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
  if (!path.isEmpty()) OpenCsv(path);
}

void DataSection::RefreshRecent() {
  const QString current = csv_path_->currentText();
  const QSignalBlocker block(csv_path_);
  csv_path_->clear();
  csv_path_->addItems(recent_->Files());
  csv_path_->setEditText(current);
}

void DataSection::UpdateSyntheticEnabled() {
  const SyntheticKind kind = EnumOfText(synth_kind_->currentText(), SyntheticKind::kMoons);
  synth_classes_->setEnabled(kind == SyntheticKind::kBlobs || kind == SyntheticKind::kSpirals);
  synth_features_->setEnabled(kind == SyntheticKind::kBlobs || kind == SyntheticKind::kLinear);
}

void DataSection::RequestPreview() {
  table_.reset();
  DataConfig data;
  Apply(&data);
  if (data.source.empty()) {
    pending_request_ = -1;  // drop answers still on their way
    preview_view_->Clear();
    shown_ = DataPreview();
    inspector_->Clear();
    leak_label_->clear();
    leak_label_->hide();
    target_->clear();
    task_label_->clear();
    rows_label_->setText(tr("Choose a CSV file"));
    return;
  }
  rows_label_->setText(tr("Loading %1...").arg(QString::fromStdString(data.source)));
  pending_request_ = loader_->RequestPreview(data);
}

void DataSection::RequestDescribe() {
  DataConfig data;
  Apply(&data);
  if (!table_) {
    RequestPreview();
    return;
  }
  pending_request_ = loader_->RequestDescribe(table_, data);
}

void DataSection::ShowPreview(const DataPreview& preview) {
  if (preview.request_id != pending_request_) return;
  if (!preview.error.isEmpty()) {
    table_.reset();
    preview_view_->Clear();
    shown_ = DataPreview();
    inspector_->Clear(tr("Could not load the data"));
    leak_label_->clear();
    leak_label_->hide();
    target_->clear();
    rows_label_->setText(tr("Could not load the data"));
    task_label_->setText(QString());
    emit previewUpdated();
    emit errorOccurred(preview.error);
    return;
  }
  table_ = preview.table;
  preview_view_->Show(preview);
  shown_ = preview;
  shown_.rows.clear();  // the model holds them
  if (preview.profile.columns.empty()) {
    inspector_->Clear(tr("Could not profile the columns: %1").arg(preview.profile_error));
  } else {
    inspector_->SetProfile(preview.profile, preview.columns_droppable);
  }
  {
    const QSignalBlocker block(target_);
    target_->clear();
    target_->addItems(preview.column_names);
    const int i = target_->findText(preview.target);
    target_->setCurrentIndex(i >= 0 ? i : target_->count() - 1);
  }
  target_->setEnabled(preview.table != nullptr);
  task_label_->setText(preview.task_summary);
  ignored_.removeAll(target_->currentText());  // a target named in drop_columns stays the target
  ShowIgnored();
  if (source_kind_->currentIndex() == kCsvPage && preview.table) {
    emit csvLoaded(preview.source);
  }
  emit previewUpdated();
}

void DataSection::ShowColumnsTab(bool columns) { data_tabs_->setCurrentIndex(columns ? 1 : 0); }

bool DataSection::SetColumnIgnored(const QString& name, bool ignored) {
  const bool generated = source_kind_->currentIndex() == kSyntheticPage;
  if (generated || name.isEmpty() || name == target_->currentText()) {
    ShowIgnored();  // undo a switch the user could flip
    return false;
  }
  if (ignored && !ignored_.contains(name)) ignored_ << name;
  if (!ignored) ignored_.removeAll(name);
  ShowIgnored();
  return true;
}

void DataSection::ShowIgnored() {
  inspector_->SetIgnored(ignored_);
  const int ignored_shown = preview_view_->SetIgnored(ignored_);
  if (!shown_.column_names.isEmpty()) {
    QString rows = tr("%1 rows, %2 columns (first %3 shown)")
                       .arg(shown_.total_rows)
                       .arg(shown_.column_names.size())
                       .arg(preview_view_->RowCount());
    if (ignored_shown > 0) rows += tr(", %n ignored", "", ignored_shown);
    rows_label_->setText(rows);
  }
  const QString warning = LeakageWarningHtml(shown_.profile, shown_.column_names,
                                             shown_.columns_droppable, ignored_);
  leak_label_->setText(warning);
  leak_label_->setVisible(!warning.isEmpty());
}

QString DataSection::LeakageWarning() const { return leak_label_->text(); }

}  // namespace optiscope::ui
