// Precompiled header of the GoogleTest executables (engine and CLI tests): the engine's set plus
// GoogleTest itself.
#pragma once

#include "engine_pch.h"

#include <gtest/gtest.h>
