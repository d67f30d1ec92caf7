// The one header generated code includes. Everything a generated translation unit
// needs, and nothing heavy: no iostream, string, vector, functional, chrono or fmt.
#pragma once
// A coroutine's frame that holds a lambda (a closure kept across an await) is a type with a
// member of no linkage: g++ warns about that, harmlessly, for the whole generated file.
#pragma GCC diagnostic ignored "-Wsubobject-linkage"
#include <cstddef>
#include <cstdint>
#include <utility>

#include "asr/entry.hpp"
#include "asr/int.hpp"
#include "asr/loc.hpp"
#include "asr/panic.hpp"
#include "asr/scheduler.hpp"
#include "asr/str.hpp"
#include "asr/task.hpp"
#include "asr/std/array.hpp"
#include "asr/std/assert.hpp"
#include "asr/std/boxed.hpp"
#include "asr/std/cell.hpp"
#include "asr/std/clone.hpp"
#include "asr/std/cmp.hpp"
#include "asr/std/debug.hpp"
#include "asr/std/default.hpp"
#include "asr/std/env.hpp"
#include "asr/std/fmt.hpp"
#include "asr/std/io.hpp"
#include "asr/std/hash.hpp"
#include "asr/std/hash_map.hpp"
#include "asr/std/btree_map.hpp"
#include "asr/std/fn.hpp"
#include "asr/std/mem.hpp"
#include "asr/std/num.hpp"
#include "asr/std/ops.hpp"
#include "asr/std/process.hpp"
#include "asr/std/range.hpp"
#include "asr/std/rc.hpp"
#include "asr/std/slice.hpp"
#include "asr/std/ref.hpp"
#include "asr/std/str.hpp"
#include "asr/std/utf8.hpp"
#include "asr/std/string.hpp"
#include "asr/std/sync.hpp"
#include "asr/std/task.hpp"
#include "asr/std/time.hpp"
#include "asr/std/tuple.hpp"
#include "asr/std/vec.hpp"
#include "asr/std/vec_deque.hpp"
