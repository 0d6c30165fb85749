#include "ui/setup/features_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <memory>
#include <vector>

#include "engine/features/feature_pipeline.h"
#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {
namespace {

QComboBox* Choice(const QStringList& values, const QString& name, const QString& tip,
                  QWidget* parent) {
  auto* combo = new QComboBox(parent);
  combo->addItems(values);
  combo->setObjectName(name);
  combo->setToolTip(tip);
  return combo;
}

QSpinBox* Spin(int min, int max, const QString& name, const QString& tip, QWidget* parent) {
  auto* spin = new QSpinBox(parent);
  spin->setRange(min, max);
  spin->setObjectName(name);
  spin->setToolTip(tip);
  return spin;
}

// Shows `text`; a value the list does not have is added so the user sees what was loaded.
void Select(QComboBox* combo, const QString& value) {
  int i = combo->findText(value);
  if (i < 0) {
    combo->addItem(value);
    i = combo->count() - 1;
  }
  combo->setCurrentIndex(i);
}

// The value of E the combo shows (its items are EnumTexts<E>()); `fallback` for another text.
template <class E>
E Value(const QComboBox* combo, E fallback) {
  return EnumOfText(combo->currentText(), fallback);
}

QFormLayout* Form(QGroupBox* box) {
  auto* form = new QFormLayout(box);
  form->setContentsMargins(6, 4, 6, 4);
  return form;
}

}  // namespace

QStringList SelectionChoices() {
  QStringList choices;
  for (const SelectMethod method : EnumValues<SelectMethod>()) {
    if (method == SelectMethod::kKBest) {
      choices << EnumTexts<SelectScore>();
    } else {
      choices << EnumText(method);
    }
  }
  return choices;
}

QString SelectionChoice(const FeaturesSelectConfig& select) {
  if (select.method == SelectMethod::kKBest) return EnumText(select.score);
  return EnumText(select.method);
}

void ApplySelectionChoice(const QString& choice, FeaturesSelectConfig* select) {
  if (const auto score = EnumFromName<SelectScore>(choice.toStdString())) {
    select->method = SelectMethod::kKBest;
    select->score = *score;
  } else {
    select->method = EnumOfText(choice, select->method);
  }
}

FeaturesSection::FeaturesSection(QWidget* parent) : CollapsibleSection(tr("Features"), parent) {
  impute_ = Choice(EnumTexts<MissingPolicy>(), "featuresImputeCombo",
                   tr("1. Impute missing values with the training rows' mean, median or most "
                      "frequent value, or drop incomplete rows (same setting as Data > Missing)"),
                   this);
  scale_ = Choice(EnumTexts<Scaling>(), "featuresScaleCombo",
                  tr("2. Scale the columns, fitted on the training rows only (same setting as "
                     "Data > Scaling)"),
                  this);
  auto* pre = new QFormLayout();
  pre->addRow(tr("Impute"), impute_);
  pre->addRow(tr("Scale"), scale_);
  body_layout()->addLayout(pre);
  body_layout()->addWidget(BuildExtract());
  body_layout()->addWidget(BuildSelect());
  body_layout()->addWidget(BuildReduce());
  seed_ = Spin(0, INT_MAX, "featuresSeedSpin",
               tr("Seed of the mutual-information noise, tree ties, randomized PCA and Nyström "
                  "landmarks"),
               this);
  auto* seed_form = new QFormLayout();
  seed_form->addRow(tr("Seed"), seed_);
  body_layout()->addLayout(seed_form);
  error_label_ = new QLabel(this);
  error_label_->setObjectName("featuresError");
  error_label_->setWordWrap(true);
  error_label_->setStyleSheet("color: #c62828;");
  error_label_->setVisible(false);
  body_layout()->addWidget(error_label_);

  for (QComboBox* combo : findChildren<QComboBox*>()) {
    connect(combo, &QComboBox::currentIndexChanged, this, [this] {
      UpdateVisible();
      Validate();
    });
  }
  for (QSpinBox* spin : findChildren<QSpinBox*>()) {
    connect(spin, &QSpinBox::valueChanged, this, &FeaturesSection::Validate);
  }
  for (SciSpinBox* spin : findChildren<SciSpinBox*>()) {
    connect(spin, &QDoubleSpinBox::valueChanged, this, &FeaturesSection::Validate);
  }
  for (QCheckBox* check : findChildren<QCheckBox*>()) {
    connect(check, &QCheckBox::toggled, this, &FeaturesSection::Validate);
  }
  ExperimentConfig defaults;
  Load(defaults);
}

QWidget* FeaturesSection::BuildExtract() {
  auto* box = new QGroupBox(tr("3. Extract"), this);
  extract_form_ = Form(box);
  extract_ = Choice(EnumTexts<ExtractMethod>(), "featuresExtractCombo",
                    tr("New columns from the inputs: polynomial / interaction terms, a power "
                       "transform (sign-keeping log1p or sqrt, Yeo-Johnson) or binning"),
                    box);
  degree_ =
      Spin(1, 6, "featuresDegreeSpin", tr("Maximum total degree of the polynomial terms"), box);
  interaction_only_ = new QCheckBox(tr("interaction only"), box);
  interaction_only_->setObjectName("featuresInteractionCheck");
  interaction_only_->setToolTip(tr("Only products of distinct columns (no x^2)"));
  bins_ = Spin(2, 1000, "featuresBinsSpin", tr("Bins per column"), box);
  bin_strategy_ = Choice(EnumTexts<BinStrategy>(), "featuresBinStrategyCombo",
                         tr("Bin edges: training-row quantiles or uniform widths"), box);
  extract_form_->addRow(tr("Method"), extract_);
  extract_form_->addRow(tr("Degree"), degree_);
  extract_form_->addRow(QString(), interaction_only_);
  extract_form_->addRow(tr("Bins"), bins_);
  extract_form_->addRow(tr("Bin edges"), bin_strategy_);
  return box;
}

QWidget* FeaturesSection::BuildSelect() {
  auto* box = new QGroupBox(tr("4. Select"), this);
  select_form_ = Form(box);
  select_ = Choice(SelectionChoices(), "featuresSelectCombo",
                   tr("Keep a subset of the columns: variance threshold, the k best by ANOVA F, "
                      "chi-squared or mutual information, recursive elimination (RFE) or L1 "
                      "(lasso). The Select mode shows the scores."),
                   box);
  k_ = Spin(1, 100000, "featuresKSpin", tr("Columns kept (k best, RFE)"), box);
  threshold_ = new SciSpinBox(0.0, 1e12, false, box);
  threshold_->setObjectName("featuresThresholdSpin");
  threshold_->setSingleStep(0.01);
  threshold_->setToolTip(tr("Keep columns whose training variance is above this"));
  estimator_ = Choice(EnumTexts<RfeEstimator>(), "featuresEstimatorCombo",
                      tr("RFE ranks by a ridge model's |coefficients| or a decision tree's "
                         "impurity importances"),
                      box);
  alpha_ = new SciSpinBox(1e-8, 1e3, true, box);
  alpha_->setObjectName("featuresAlphaSpin");
  alpha_->setToolTip(tr("Lasso penalty: larger keeps fewer columns"));
  select_form_->addRow(tr("Method"), select_);
  select_form_->addRow(tr("k"), k_);
  select_form_->addRow(tr("Threshold"), threshold_);
  select_form_->addRow(tr("Estimator"), estimator_);
  select_form_->addRow(tr("Alpha"), alpha_);
  return box;
}

QWidget* FeaturesSection::BuildReduce() {
  auto* box = new QGroupBox(tr("5. Reduce"), this);
  reduce_form_ = Form(box);
  reduce_ = Choice(EnumTexts<ReduceMethod>(), "featuresReduceCombo",
                   tr("Project the columns onto principal components (PCA) or kernel principal "
                      "components (Kernel PCA)"),
                   box);
  components_ = Spin(1, 100000, "featuresComponentsSpin", tr("Components kept"), box);
  solver_ =
      Choice(EnumTexts<PcaSolver>(), "featuresSolverCombo",
             tr("PCA solver: auto picks randomized for large inputs and few components"), box);
  whiten_ = new QCheckBox(tr("whiten"), box);
  whiten_->setObjectName("featuresWhitenCheck");
  whiten_->setToolTip(tr("Scale every component to unit variance"));
  kernel_ = Choice(EnumTexts<PcaKernel>(), "featuresKernelCombo", tr("Kernel of Kernel PCA"), box);
  gamma_ = new SciSpinBox(0.0, 1e6, false, box);
  gamma_->setObjectName("featuresGammaSpin");
  gamma_->setSingleStep(0.01);
  gamma_->setToolTip(tr("Kernel coefficient; 0 = 1 / number of columns"));
  landmarks_ = Spin(0, 1000000, "featuresLandmarksSpin",
                    tr("Nyström landmarks; 0 = exact kernel up to 5000 rows"), box);
  reduce_form_->addRow(tr("Method"), reduce_);
  reduce_form_->addRow(tr("Components"), components_);
  reduce_form_->addRow(tr("Solver"), solver_);
  reduce_form_->addRow(QString(), whiten_);
  reduce_form_->addRow(tr("Kernel"), kernel_);
  reduce_form_->addRow(tr("Gamma"), gamma_);
  reduce_form_->addRow(tr("Landmarks"), landmarks_);
  return box;
}

void FeaturesSection::Load(const ExperimentConfig& config) {
  std::vector<std::unique_ptr<QSignalBlocker>> blockers;
  for (QObject* child : findChildren<QWidget*>()) {
    blockers.push_back(std::make_unique<QSignalBlocker>(child));
  }
  const FeaturesConfig& f = config.features;
  base_ = f;
  Select(impute_, EnumText(config.data.missing));
  Select(scale_, EnumText(config.data.scaling));
  Select(extract_, EnumText(f.extract.method));
  degree_->setValue(f.extract.degree);
  interaction_only_->setChecked(f.extract.interaction_only);
  bins_->setValue(f.extract.bins);
  Select(bin_strategy_, EnumText(f.extract.strategy));
  Select(select_, SelectionChoice(f.select));
  k_->setValue(f.select.k);
  threshold_->setValue(f.select.threshold);
  Select(estimator_, EnumText(f.select.estimator));
  alpha_->setValue(f.select.alpha);
  Select(reduce_, EnumText(f.pca.method));
  components_->setValue(f.pca.n_components);
  Select(solver_, EnumText(f.pca.solver));
  whiten_->setChecked(f.pca.whiten);
  Select(kernel_, EnumText(f.pca.kernel));
  gamma_->setValue(f.pca.gamma);
  landmarks_->setValue(f.pca.landmarks);
  seed_->setValue(static_cast<int>(std::min<uint64_t>(f.seed, INT_MAX)));
  blockers.clear();
  if (f.Enabled()) SetExpanded(true);
  UpdateVisible();
  Validate();
}

void FeaturesSection::Apply(ExperimentConfig* config) const {
  config->data.missing = Value(impute_, config->data.missing);
  config->data.scaling = Value(scale_, config->data.scaling);
  FeaturesConfig f = base_;
  f.extract.method = Value(extract_, f.extract.method);
  f.extract.degree = degree_->value();
  f.extract.interaction_only = interaction_only_->isChecked();
  f.extract.bins = bins_->value();
  f.extract.strategy = Value(bin_strategy_, f.extract.strategy);
  ApplySelectionChoice(select_->currentText(), &f.select);
  f.select.k = k_->value();
  f.select.threshold = threshold_->value();
  f.select.estimator = Value(estimator_, f.select.estimator);
  f.select.alpha = alpha_->value();
  f.pca.method = Value(reduce_, f.pca.method);
  f.pca.n_components = components_->value();
  f.pca.solver = Value(solver_, f.pca.solver);
  f.pca.whiten = whiten_->isChecked();
  f.pca.kernel = Value(kernel_, f.pca.kernel);
  f.pca.gamma = gamma_->value();
  f.pca.landmarks = landmarks_->value();
  f.seed = static_cast<uint64_t>(seed_->value());
  config->features = f;
}

void FeaturesSection::LinkPreprocessing(QComboBox* missing, QComboBox* scaling) {
  const auto link = [](QComboBox* mine, QComboBox* theirs) {
    if (theirs == nullptr) return;
    mine->setCurrentText(theirs->currentText());
    connect(theirs, &QComboBox::currentTextChanged, mine, [mine](const QString& text) {
      if (mine->currentText() != text) Select(mine, text);
    });
    connect(mine, &QComboBox::currentTextChanged, theirs, [theirs](const QString& text) {
      if (theirs->currentText() != text && theirs->findText(text) >= 0) {
        theirs->setCurrentIndex(theirs->findText(text));
      }
    });
  };
  link(impute_, missing);
  link(scale_, scaling);
}

void FeaturesSection::UpdateVisible() {
  const ExtractMethod e = Value(extract_, ExtractMethod::kNone);
  extract_form_->setRowVisible(degree_, e == ExtractMethod::kPolynomial);
  extract_form_->setRowVisible(interaction_only_, e == ExtractMethod::kPolynomial);
  extract_form_->setRowVisible(bins_, e == ExtractMethod::kBinning);
  extract_form_->setRowVisible(bin_strategy_, e == ExtractMethod::kBinning);
  FeaturesSelectConfig select;
  ApplySelectionChoice(select_->currentText(), &select);
  const SelectMethod s = select.method;
  select_form_->setRowVisible(k_, s == SelectMethod::kKBest || s == SelectMethod::kRfe);
  select_form_->setRowVisible(threshold_, s == SelectMethod::kVariance);
  select_form_->setRowVisible(estimator_, s == SelectMethod::kRfe);
  select_form_->setRowVisible(alpha_, s == SelectMethod::kL1);
  const ReduceMethod r = Value(reduce_, ReduceMethod::kNone);
  reduce_form_->setRowVisible(components_, r != ReduceMethod::kNone);
  reduce_form_->setRowVisible(solver_, r == ReduceMethod::kPca);
  reduce_form_->setRowVisible(whiten_, r == ReduceMethod::kPca);
  reduce_form_->setRowVisible(kernel_, r == ReduceMethod::kKpca);
  reduce_form_->setRowVisible(gamma_, r == ReduceMethod::kKpca);
  reduce_form_->setRowVisible(landmarks_, r == ReduceMethod::kKpca);
}

void FeaturesSection::Validate() {
  ExperimentConfig config;
  Apply(&config);
  const Status st = ValidateFeaturesWithScaling(config.features, config.data.scaling);
  error_ = st.ok() ? QString() : QString::fromStdString(st.message());
  error_label_->setText(error_);
  error_label_->setVisible(!error_.isEmpty());
  emit changed();
}

}  // namespace optiscope::ui
