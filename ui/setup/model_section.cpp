#include "ui/setup/model_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <climits>
#include <cmath>
#include <optional>

#include "engine/config/model_catalog.h"
#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {

std::vector<int> ParseHiddenLayers(const QString& text) {
  std::vector<int> widths;
  for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
    bool ok = false;
    const int w = part.trimmed().toInt(&ok);
    if (ok && w > 0) widths.push_back(w);
  }
  return widths;
}

QString FormatHiddenLayers(const std::vector<int>& widths) {
  QStringList parts;
  for (int w : widths) parts << QString::number(w);
  return parts.join(',');
}

namespace {

QString ToolTip(const FieldSpec& p) {
  return QString::fromStdString(p.help + " (" + DescribeParamRange(p) + "; default " +
                                FormatParamValue(p.default_value) + ")");
}

// An editor for any FieldSpec (a model parameter here; config_schema.h's fields use the same kinds).
QWidget* MakeEditor(const FieldSpec& p, const ParamValue& value, QWidget* parent) {
  const double* number = std::get_if<double>(&value);
  const std::string text = FormatParamValue(value);
  QWidget* editor = nullptr;
  switch (p.kind) {
    case FieldKind::kInt: {
      auto* spin = new QSpinBox(parent);
      spin->setRange(static_cast<int>(std::max<double>(p.min, INT_MIN)),
                     static_cast<int>(std::min<double>(p.max, INT_MAX)));
      spin->setValue(number ? static_cast<int>(*number) : 0);
      editor = spin;
      break;
    }
    case FieldKind::kFloat: {
      const double lo = std::isinf(p.min) ? -1e300 : p.min, hi = std::isinf(p.max) ? 1e300 : p.max;
      auto* spin = new SciSpinBox(lo, hi, p.log_scale, parent);
      if (!p.log_scale) spin->setSingleStep(hi - lo <= 1 ? 0.05 : 0.1);
      spin->setValue(number ? *number : 0.0);
      editor = spin;
      break;
    }
    case FieldKind::kBool: {
      auto* check = new QCheckBox(parent);
      check->setChecked(number && *number != 0.0);
      editor = check;
      break;
    }
    case FieldKind::kChoice:
    case FieldKind::kChoiceOrNumber: {
      auto* combo = new QComboBox(parent);
      for (const auto& c : p.choices) combo->addItem(QString::fromStdString(c));
      if (p.kind == FieldKind::kChoiceOrNumber) {
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
      }
      const int i = combo->findText(QString::fromStdString(text));
      if (i >= 0) {
        combo->setCurrentIndex(i);
      } else {
        combo->setEditText(QString::fromStdString(text));
      }
      editor = combo;
      break;
    }
    case FieldKind::kIntList: {
      auto* edit = new QLineEdit(QString::fromStdString(text), parent);
      edit->setPlaceholderText(QObject::tr("e.g. 128,64"));
      edit->setValidator(new QRegularExpressionValidator(
          QRegularExpression(R"(^\s*([1-9]\d{0,4}\s*(,\s*[1-9]\d{0,4}\s*)*,?)?$)"), edit));
      editor = edit;
      break;
    }
    case FieldKind::kText:
    case FieldKind::kClassWeights:
      editor = new QLineEdit(QString::fromStdString(text), parent);
      break;
  }
  editor->setObjectName(QString::fromStdString("param_" + p.name));
  editor->setToolTip(ToolTip(p));
  return editor;
}

// The editor's value in the kind the catalog stores; nullopt when the text does not parse.
std::optional<ParamValue> EditorValue(const FieldSpec& p, const QWidget* editor) {
  switch (p.kind) {
    case FieldKind::kInt:
      return ParamValue(static_cast<double>(static_cast<const QSpinBox*>(editor)->value()));
    case FieldKind::kFloat:
      return ParamValue(static_cast<const QDoubleSpinBox*>(editor)->value());
    case FieldKind::kBool:
      return ParamValue(static_cast<const QCheckBox*>(editor)->isChecked() ? 1.0 : 0.0);
    case FieldKind::kChoice:
    case FieldKind::kChoiceOrNumber: {
      auto parsed = ParseParamText(
          p, static_cast<const QComboBox*>(editor)->currentText().trimmed().toStdString());
      if (!parsed.ok()) return std::nullopt;
      return *parsed;
    }
    case FieldKind::kIntList:
      return ParamValue(
          FormatHiddenLayers(ParseHiddenLayers(static_cast<const QLineEdit*>(editor)->text()))
              .toStdString());
    case FieldKind::kText:
    case FieldKind::kClassWeights:
      return ParamValue(static_cast<const QLineEdit*>(editor)->text().toStdString());
  }
  return std::nullopt;
}

}  // namespace

ModelSection::ModelSection(QWidget* parent) : CollapsibleSection(tr("Model"), parent) {
  auto* form = new QFormLayout();
  type_ = new QComboBox(this);
  type_->setObjectName("modelTypeCombo");
  QString tip;
  for (const ModelSpec& spec : ModelCatalog()) {
    type_->addItem(QString::fromStdString(spec.name));
    type_->setItemData(type_->count() - 1, QString::fromStdString(spec.summary), Qt::ToolTipRole);
    tip += QString::fromStdString(spec.name + ": " + spec.summary + "\n");
  }
  type_->setToolTip(tip.trimmed());
  summary_ = new QLabel(this);
  summary_->setObjectName("modelSummary");
  summary_->setWordWrap(true);
  QFont small = summary_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  summary_->setFont(small);
  form->addRow(tr("Type"), type_);
  form->addRow(summary_);
  body_layout()->addLayout(form);
  params_box_ = new QWidget(this);
  params_form_ = new QFormLayout(params_box_);
  params_form_->setContentsMargins(0, 0, 0, 0);
  body_layout()->addWidget(params_box_);
  loaded_ = ModelConfig();
  type_->setCurrentText(EnumText(loaded_.type));
  BuildEditors(loaded_);
  connect(type_, &QComboBox::currentIndexChanged, this, &ModelSection::OnTypeChanged);
}

void ModelSection::BuildEditors(const ModelConfig& values) {
  while (params_form_->rowCount() > 0) params_form_->removeRow(0);
  editors_.clear();
  const ModelSpec* spec = &GetModelSpec(values.type);
  summary_->setText(QString::fromStdString(spec->summary));
  for (const ModelParamSpec& p : spec->params) {
    auto value = GetModelParam(values, p.name);
    QWidget* editor = MakeEditor(p, value.ok() ? *value : p.default_value, params_box_);
    auto* label = new QLabel(QString::fromStdString(p.name), params_box_);
    label->setToolTip(editor->toolTip());
    params_form_->addRow(label, editor);
    editors_.emplace_back(p.name, editor);
  }
}

void ModelSection::OnTypeChanged() {
  ModelConfig values = loaded_;
  values.type = EnumOfText(type_->currentText(), loaded_.type);
  if (values.type != loaded_.type) values.params.clear();  // the other family's values
  BuildEditors(values);
}

void ModelSection::Load(const ModelConfig& model) {
  loaded_ = model;
  QSignalBlocker block(type_);
  const int i = type_->findText(EnumText(model.type));
  if (i >= 0) type_->setCurrentIndex(i);
  BuildEditors(model);
}

void ModelSection::Apply(ModelConfig* model) const {
  model->type = EnumOfText(type_->currentText(), loaded_.type);
  model->params.clear();
  for (const auto& [name, editor] : editors_) {
    const ModelParamSpec* p = FindParamSpec(model->type, name);
    const std::optional<ParamValue> value = EditorValue(*p, editor);
    if (!value) continue;  // unparsable text: keep the default (validation would reject it)
    if (p->field.empty() && *value == p->default_value) continue;
    if (!SetModelParam(model, name, *value).ok() && p->field.empty()) {
      model->params[name] = *value;  // out of range: let validation report it with its path
    }
  }
}

QWidget* ModelSection::ParamEditor(const QString& name) const {
  for (const auto& [n, editor] : editors_) {
    if (QString::fromStdString(n) == name) return editor;
  }
  return nullptr;
}

}  // namespace optiscope::ui
