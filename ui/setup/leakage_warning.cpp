#include "ui/setup/leakage_warning.h"

#include <QCoreApplication>

namespace optiscope::ui {

QString LeakageWarningHtml(const TableProfile& profile, const QStringList& columns,
                           bool droppable, const QStringList& ignored) {
  QStringList lines;
  for (const ColumnProfile& c : profile.columns) {
    const QString name = QString::fromStdString(c.name);
    if (!c.leakage || ignored.contains(name)) continue;
    lines << QCoreApplication::translate(
                 "DataSection",
                 "⚠ <b>%1</b> is %2: the model would learn the answer from it. "
                 "<a href=\"ignore:%3\">Ignore it</a> · <a href=\"columns\">Columns</a>")
                 .arg(name.toHtmlEscaped(),
                      QString::fromStdString(c.leakage_reason).toHtmlEscaped(),
                      name.toHtmlEscaped());
  }
  if (droppable) {
    for (const QString& name : ignored) {
      if (columns.contains(name)) continue;
      lines << QCoreApplication::translate("DataSection",
                                           "⚠ data.drop_columns names <b>%1</b>, which is not a "
                                           "column of this data: the run will fail")
                   .arg(name.toHtmlEscaped());
    }
  }
  return lines.join(QStringLiteral("<br>"));
}

}  // namespace optiscope::ui
