// Precompiled header of the Qt Test executables: the UI's set plus Qt Test.
#pragma once

#include "ui_pch.h"

#include <QSignalSpy>
#include <QTest>
