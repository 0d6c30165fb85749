#include "ui/setup/search_section.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <climits>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/search/objective_experiment.h"
#include "engine/search/pruner.h"
#include "engine/search/study_sampler.h"
#include "engine/search/test_functions.h"
#include "ui/setup/search_section_options.h"

namespace optiscope::ui {
namespace {

enum SpaceColumn { kName, kKind, kLow, kHigh, kLog, kStep, kChoices, kCondition, kNumColumns };

const char* KindName(ParamKind kind) {
  switch (kind) {
    case ParamKind::kFloat:
      return "float";
    case ParamKind::kInt:
      return "int";
    case ParamKind::kCategorical:
      return "categorical";
  }
  return "float";
}

QString NumberText(double v) { return QString::number(v, 'g', 10); }

}  // namespace

std::vector<ParamSpec> DefaultSearchSpace() {
  return {FloatParam("optimizer.lr", 1e-4, 1e-1, /*log=*/true),
          IntParam("model.hidden[0]", 16, 256, /*log=*/true),
          CategoricalParam("optimizer.type", {"sgd", "momentum", "adam"}),
          When(FloatParam("optimizer.momentum", 0.5, 0.99), "optimizer.type", {"momentum"})};
}

const std::vector<std::string>& SearchSamplerNames() {
  static const std::vector<std::string> names = {"tpe", "random",   "grid",  "sobol", "gp",
                                                 "cmaes", "gradient", "nsga2", "auto"};
  return names;
}

const std::vector<std::string>& SearchPrunerNames() {
  static const std::vector<std::string> names(PrunerNames().begin(), PrunerNames().end());
  return names;
}

const std::vector<std::string>& SearchMetricNames() { return ExperimentMetricNames(); }

const std::vector<std::string>& SearchFunctionNames() {
  static const std::vector<std::string> names = {"branin", "hartmann6", "rosenbrock",
                                                 "ackley", "rastrigin", "mixed"};
  return names;
}

SearchSection::SearchSection(QWidget* parent) : CollapsibleSection(tr("Search"), parent) {
  BuildSpaceTable();
  BuildStudyWidgets();
  body_layout()->addLayout(BuildStudyForm());
  SearchSettings defaults;
  defaults.space = DefaultSearchSpace();
  SetSettings(defaults);
}

void SearchSection::BuildSpaceTable() {
  table_ = new QTableWidget(0, kNumColumns, this);
  table_->setObjectName("searchSpaceTable");
  table_->setHorizontalHeaderLabels({tr("name"), tr("kind"), tr("low"), tr("high"), tr("log"),
                                     tr("step"), tr("choices"), tr("condition")});
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->verticalHeader()->setVisible(false);
  table_->setMinimumHeight(150);
  table_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // scrolls, never widens
  table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  table_->setToolTip(
      tr("The hyperparameters to search. name: a configuration field (optimizer.lr, "
         "model.width, optimizer.type, ...). low/high: the range (float, int). log: sample on a "
         "log scale. step: grid spacing (0 = continuous). choices: comma-separated "
         "(categorical). condition: parent=value1|value2 (active only then)."));
  auto* add = new QPushButton(tr("Add"), this);
  add->setToolTip(tr("Add a parameter row"));
  auto* remove = new QPushButton(tr("Remove"), this);
  remove->setToolTip(tr("Remove the selected parameter rows"));
  auto* reset = new QPushButton(tr("Default"), this);
  reset->setToolTip(tr("Restore the demo space (lr, width, optimizer, momentum)"));
  auto* load = new QPushButton(tr("Load..."), this);
  load->setObjectName("searchLoadSpecButton");
  load->setToolTip(tr("Load a study spec (JSON)"));
  auto* save = new QPushButton(tr("Save..."), this);
  save->setObjectName("searchSaveSpecButton");
  save->setToolTip(tr("Save the study spec (JSON): the base experiment plus these settings"));
  connect(add, &QPushButton::clicked, this,
          [this] { AddRow(FloatParam("param" + std::to_string(table_->rowCount()), 0, 1)); });
  connect(remove, &QPushButton::clicked, this, [this] {
    const auto ranges = table_->selectedRanges();
    for (auto it = ranges.rbegin(); it != ranges.rend(); ++it) {
      for (int r = it->bottomRow(); r >= it->topRow(); --r) table_->removeRow(r);
    }
  });
  connect(reset, &QPushButton::clicked, this, [this] {
    bind_.clear();
    table_->setRowCount(0);
    for (const ParamSpec& p : DefaultSearchSpace()) AddRow(p);
  });
  connect(load, &QPushButton::clicked, this, &SearchSection::loadSpecRequested);
  connect(save, &QPushButton::clicked, this, &SearchSection::saveSpecRequested);
  auto* buttons = new QHBoxLayout();
  for (QPushButton* b : {add, remove, reset}) buttons->addWidget(b);
  buttons->addStretch(1);
  auto* files = new QHBoxLayout();
  for (QPushButton* b : {load, save}) files->addWidget(b);
  files->addStretch(1);

  body_layout()->addWidget(table_);
  body_layout()->addLayout(buttons);
  body_layout()->addLayout(files);
}

void SearchSection::BuildStudyWidgets() {
  auto combo = [this](const std::vector<std::string>& items, const QString& tip) {
    auto* c = new QComboBox(this);
    for (const std::string& s : items) c->addItem(QString::fromStdString(s));
    c->setToolTip(tip);
    return c;
  };
  name_ = new QLineEdit(this);
  name_->setToolTip(tr("The study's name in its store; running a stored study again resumes it"));
  storage_ = new QLineEdit(this);
  storage_->setObjectName("storageEdit");
  storage_->setToolTip(
      tr("Where trials are kept: \"memory\" (this window only), \"sqlite:PATH\" (durable; "
         "File > Open study shows it later) or a PostgreSQL URL such as "
         "\"postgresql://user@host/db\" (shared with workers on other machines)"));
  std::vector<std::string> objectives = {"experiment"};
  objectives.insert(objectives.end(), SearchFunctionNames().begin(), SearchFunctionNames().end());
  objective_ = combo(objectives, tr("What a trial evaluates: the Experiment configuration "
                                    "(trained with the trial's parameters) or a built-in test "
                                    "function (instant; for trying samplers and pruners)"));
  objective_->setObjectName("objectiveCombo");
  connect(objective_, &QComboBox::activated, this, [this] {
    ShowFunctionSpace();
    UpdateEnabled();
  });
  sampler_ =
      combo(SearchSamplerNames(),
            tr("How the next trial is chosen: TPE (Bergstra 2011), random, grid, Sobol "
               "quasi-random, GP Bayesian optimization, CMA-ES, gradient-based, NSGA-II (genetic, "
               "for two objectives)"));
  sampler_->setObjectName("samplerCombo");
  pruner_ = combo(SearchPrunerNames(),
                  tr("How unpromising trials are stopped early from their intermediate values"));
  pruner_->setObjectName("prunerCombo");
  sampler_options_ = new StrategyOptionsForm(StrategyOptionsForm::Kind::kSampler, this);
  sampler_options_->setObjectName("samplerOptions");
  pruner_options_ = new StrategyOptionsForm(StrategyOptionsForm::Kind::kPruner, this);
  pruner_options_->setObjectName("prunerOptions");
  // A new choice shows its own options at their engine defaults.
  connect(sampler_, &QComboBox::currentTextChanged, this,
          [this](const QString& name) { sampler_options_->SetStrategy(name.toStdString()); });
  connect(pruner_, &QComboBox::currentTextChanged, this,
          [this](const QString& name) { pruner_options_->SetStrategy(name.toStdString()); });
  validation_ = combo({"holdout", "k-fold CV"},
                      tr("How a trial is scored: on the configuration's validation split "
                         "(holdout) or by k-fold cross-validation over the non-test rows (the "
                         "values are the fold means; slower, less noisy)"));
  validation_->setObjectName("validationCombo");
  folds_ = new QSpinBox(this);
  folds_->setObjectName("foldsSpin");
  folds_->setRange(2, 50);
  folds_->setValue(5);
  folds_->setSuffix(tr(" folds"));
  folds_->setToolTip(tr("Folds of the cross-validation"));
  connect(validation_, &QComboBox::currentIndexChanged, this, [this] { UpdateEnabled(); });
  trials_ = new QSpinBox(this);
  trials_->setObjectName("trialsSpin");
  trials_->setRange(1, 1000000);
  trials_->setToolTip(tr("Number of trials"));
  timeout_ = new QDoubleSpinBox(this);
  timeout_->setRange(0, 1e7);
  timeout_->setDecimals(0);
  timeout_->setSuffix(tr(" s"));
  timeout_->setSpecialValueText(tr("no limit"));
  timeout_->setToolTip(tr("Wall-time budget: no new trial starts after it (0 = no limit)"));
  parallel_ = new QSpinBox(this);
  parallel_->setRange(1, 256);
  parallel_->setToolTip(tr("Trials run at the same time"));
  metric_ = combo(SearchMetricNames(), tr("The objective each trial reports"));
  metric_->setEditable(true);
  direction_ = combo({"minimize", "maximize"}, tr("Whether lower or higher is better"));
  std::vector<std::string> second = {""};
  second.insert(second.end(), SearchMetricNames().begin(), SearchMetricNames().end());
  second_metric_ = combo(second, tr("An optional second objective (shows the Pareto front)"));
  second_metric_->setItemText(0, tr("none"));
  second_direction_ = combo({"minimize", "maximize"}, tr("Direction of the second objective"));
  seed_ = new QSpinBox(this);
  seed_->setRange(0, INT_MAX);
  seed_->setToolTip(tr("Seed of the sampler: same seed, same study"));

}

QFormLayout* SearchSection::BuildStudyForm() {
  auto* form = new QFormLayout();
  form->addRow(tr("Study name"), name_);
  form->addRow(tr("Storage"), storage_);
  form->addRow(tr("Evaluate"), objective_);
  form->addRow(tr("Sampler"), sampler_);
  form->addRow(sampler_options_);
  form->addRow(tr("Pruner"), pruner_);
  form->addRow(pruner_options_);
  form->addRow(tr("Trials"), trials_);
  form->addRow(tr("Time budget"), timeout_);
  form->addRow(tr("Parallel trials"), parallel_);
  form->addRow(tr("Objective"), metric_);
  form->addRow(tr("Direction"), direction_);
  form->addRow(tr("2nd objective"), second_metric_);
  form->addRow(tr("2nd direction"), second_direction_);
  auto* validation = new QHBoxLayout();
  validation->addWidget(validation_);
  validation->addWidget(folds_);
  form->addRow(tr("Validation"), validation);
  form->addRow(tr("Seed"), seed_);
  return form;
}

void SearchSection::AddRow(const ParamSpec& spec) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  table_->setItem(row, kName, new QTableWidgetItem(QString::fromStdString(spec.name)));
  auto* kind = new QComboBox(table_);
  kind->addItems({"float", "int", "categorical"});
  kind->setCurrentText(KindName(spec.kind));
  table_->setCellWidget(row, kKind, kind);
  const bool categorical = spec.kind == ParamKind::kCategorical;
  table_->setItem(row, kLow, new QTableWidgetItem(categorical ? QString() : NumberText(spec.low)));
  table_->setItem(row, kHigh, new QTableWidgetItem(categorical ? QString() : NumberText(spec.high)));
  auto* log = new QTableWidgetItem();
  log->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  log->setCheckState(spec.log ? Qt::Checked : Qt::Unchecked);
  table_->setItem(row, kLog, log);
  table_->setItem(row, kStep, new QTableWidgetItem(spec.step > 0 ? NumberText(spec.step) : QString()));
  QStringList choices;
  for (const std::string& c : spec.choices) choices << QString::fromStdString(c);
  table_->setItem(row, kChoices, new QTableWidgetItem(choices.join(", ")));
  QString condition;
  if (spec.condition) {
    QStringList values;
    for (const std::string& v : spec.condition->values) values << QString::fromStdString(v);
    condition = QString::fromStdString(spec.condition->parent) + '=' + values.join('|');
  }
  table_->setItem(row, kCondition, new QTableWidgetItem(condition));
}

Result<ParamSpec> SearchSection::ParseRow(int row) const {
  auto text = [&](int col) {
    const QTableWidgetItem* item = table_->item(row, col);
    return item == nullptr ? QString() : item->text().trimmed();
  };
  const QString where = tr("search space row %1").arg(row + 1);
  ParamSpec spec;
  spec.name = text(kName).toStdString();
  const auto* kind = qobject_cast<QComboBox*>(table_->cellWidget(row, kKind));
  const QString kind_name = kind == nullptr ? QStringLiteral("float") : kind->currentText();
  spec.kind = kind_name == "int"           ? ParamKind::kInt
              : kind_name == "categorical" ? ParamKind::kCategorical
                                           : ParamKind::kFloat;
  auto number = [&](int col, const QString& what, double* out, bool required) -> Status {
    const QString t = text(col);
    if (t.isEmpty() && !required) return Status::Ok();
    bool ok = false;
    *out = t.toDouble(&ok);
    if (!ok || !std::isfinite(*out)) {
      return Status::InvalidArgument(
          tr("%1 (%2): %3 '%4' is not a number").arg(where, text(kName), what, t).toStdString());
    }
    return Status::Ok();
  };
  if (spec.kind != ParamKind::kCategorical) {
    if (Status s = number(kLow, tr("low"), &spec.low, true); !s.ok()) return s;
    if (Status s = number(kHigh, tr("high"), &spec.high, true); !s.ok()) return s;
    if (Status s = number(kStep, tr("step"), &spec.step, false); !s.ok()) return s;
    spec.log =
        table_->item(row, kLog) != nullptr && table_->item(row, kLog)->checkState() == Qt::Checked;
  } else {
    for (const QString& c : text(kChoices).split(',', Qt::SkipEmptyParts)) {
      spec.choices.push_back(c.trimmed().toStdString());
    }
  }
  const QString condition = text(kCondition);
  if (!condition.isEmpty()) {
    const int eq = static_cast<int>(condition.indexOf('='));
    if (eq <= 0) {
      return Status::InvalidArgument(tr("%1 (%2): condition '%3' must read parent=value1|value2")
                                         .arg(where, text(kName), condition)
                                         .toStdString());
    }
    ParamCondition c;
    c.parent = condition.left(eq).trimmed().toStdString();
    for (const QString& v : condition.mid(eq + 1).split('|', Qt::SkipEmptyParts)) {
      c.values.push_back(v.trimmed().toStdString());
    }
    spec.condition = std::move(c);
  }
  return spec;
}

Result<SearchSettings> SearchSection::Settings() const {
  SearchSettings s;
  SearchSpace space;
  for (int row = 0; row < table_->rowCount(); ++row) {
    Result<ParamSpec> spec = ParseRow(row);
    if (!spec.ok()) return spec.status();
    if (Status added = space.Add(*spec); !added.ok()) {
      return Status::InvalidArgument(tr("search space row %1: %2")
                                         .arg(row + 1)
                                         .arg(QString::fromStdString(added.message()))
                                         .toStdString());
    }
  }
  if (space.empty()) {
    return Status::InvalidArgument(tr("the search space is empty: add a parameter row in the "
                                      "Search section")
                                       .toStdString());
  }
  s.space = space.params();
  s.bind = bind_;
  s.name = name_->text().trimmed().toStdString();
  s.storage = storage_->text().trimmed().toStdString();
  if (s.name.empty()) s.name = "study";
  if (s.storage.empty()) s.storage = "memory";
  s.function =
      objective_->currentIndex() == 0 ? std::string() : objective_->currentText().toStdString();
  s.sampler = sampler_->currentText().toStdString();
  s.pruner = pruner_->currentText().toStdString();
  Result<std::string> sampler_options = sampler_options_->Options();
  if (!sampler_options.ok()) return sampler_options.status();
  Result<std::string> pruner_options = pruner_options_->Options();
  if (!pruner_options.ok()) return pruner_options.status();
  s.sampler_options_json = *sampler_options;
  s.pruner_options_json = *pruner_options;
  // The engine's factories check every option (an unknown key is an error, never dropped).
  if (auto made = MakeStudySampler(s.sampler, s.sampler_options_json); !made.ok()) {
    return made.status();
  }
  if (auto made = MakePruner(s.pruner, nlohmann::json::parse(s.pruner_options_json)); !made.ok()) {
    return made.status();
  }
  s.n_trials = trials_->value();
  s.timeout_seconds = timeout_->value();
  s.parallel = parallel_->value();
  s.metric = metric_->currentText().trimmed().toStdString();
  s.direction = direction_->currentIndex() == 1 ? Direction::kMaximize : Direction::kMinimize;
  s.second_metric = second_metric_->currentIndex() == 0
                        ? std::string()
                        : second_metric_->currentText().toStdString();
  s.second_direction =
      second_direction_->currentIndex() == 1 ? Direction::kMaximize : Direction::kMinimize;
  s.seed = static_cast<uint64_t>(seed_->value());
  s.cv_folds =
      objective_->currentIndex() == 0 && validation_->currentIndex() == 1 ? folds_->value() : 0;
  return s;
}

void SearchSection::SetSettings(const SearchSettings& s) {
  table_->setRowCount(0);
  for (const ParamSpec& p : s.space) AddRow(p);
  bind_ = s.bind;
  name_->setText(QString::fromStdString(s.name));
  storage_->setText(QString::fromStdString(s.storage));
  objective_->setCurrentIndex(
      s.function.empty() ? 0 : objective_->findText(QString::fromStdString(s.function)));
  sampler_->setCurrentText(QString::fromStdString(s.sampler));
  pruner_->setCurrentText(QString::fromStdString(s.pruner));
  sampler_options_->SetStrategy(s.sampler, s.sampler_options_json);
  pruner_options_->SetStrategy(s.pruner, s.pruner_options_json);
  validation_->setCurrentIndex(s.cv_folds >= 2 ? 1 : 0);
  if (s.cv_folds >= 2) folds_->setValue(s.cv_folds);
  trials_->setValue(s.n_trials);
  timeout_->setValue(s.timeout_seconds);
  parallel_->setValue(s.parallel);
  metric_->setCurrentText(QString::fromStdString(s.metric));
  direction_->setCurrentIndex(s.direction == Direction::kMaximize ? 1 : 0);
  if (s.second_metric.empty()) {
    second_metric_->setCurrentIndex(0);
  } else {
    second_metric_->setCurrentText(QString::fromStdString(s.second_metric));
  }
  second_direction_->setCurrentIndex(s.second_direction == Direction::kMaximize ? 1 : 0);
  seed_->setValue(static_cast<int>(std::min<uint64_t>(s.seed, INT_MAX)));
  UpdateEnabled();
}

void SearchSection::ShowFunctionSpace() {
  bind_.clear();
  table_->setRowCount(0);
  if (objective_->currentIndex() == 0) {
    for (const ParamSpec& p : DefaultSearchSpace()) AddRow(p);
    return;
  }
  Result<TestFunction> f = MakeTestFunction(objective_->currentText().toStdString());
  if (!f.ok()) return;
  for (const ParamSpec& p : f->space.params()) AddRow(p);
}

void SearchSection::UpdateEnabled() {
  // A test function has one value to minimise over its own space.
  const bool experiment = objective_->currentIndex() == 0;
  metric_->setEnabled(experiment);
  direction_->setEnabled(experiment);
  second_metric_->setEnabled(experiment);
  second_direction_->setEnabled(experiment);
  validation_->setEnabled(experiment);
  folds_->setEnabled(experiment && validation_->currentIndex() == 1);
  if (!experiment) {
    direction_->setCurrentIndex(0);
    second_metric_->setCurrentIndex(0);
  }
}

}  // namespace optiscope::ui
