# The ImGui app: Dear ImGui 1.86 (from Debian's source package, unpacked by scripts/setup),
# the render and app libraries, embedded shaders and font, and the platform executable:
# optiscape-desktop natively, optiscape.js + optiscape.wasm (and web/ pages) under Emscripten.

if(NOT EXISTS "${OPTISCAPE_IMGUI_DIR}/imgui.cpp")
  message(FATAL_ERROR "Dear ImGui sources not found in ${OPTISCAPE_IMGUI_DIR}: run scripts/setup")
endif()

add_library(imgui STATIC
  ${OPTISCAPE_IMGUI_DIR}/imgui.cpp
  ${OPTISCAPE_IMGUI_DIR}/imgui_draw.cpp
  ${OPTISCAPE_IMGUI_DIR}/imgui_tables.cpp
  ${OPTISCAPE_IMGUI_DIR}/imgui_widgets.cpp
  ${OPTISCAPE_IMGUI_DIR}/backends/imgui_impl_glfw.cpp
  ${OPTISCAPE_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${OPTISCAPE_IMGUI_DIR} ${OPTISCAPE_IMGUI_DIR}/backends)
# No settings files (the scenario is the state) and no debug windows in the product.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_METRICS_WINDOW IMGUI_DISABLE_DEMO_WINDOWS)

if(EMSCRIPTEN)
  target_compile_options(imgui PRIVATE ${OPTISCAPE_UI_OPT})
else()
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  target_link_libraries(imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()

# --- embedded resources: shader bodies (no #version line) and the subset UI font ---------------
set(GEN_DIR ${CMAKE_BINARY_DIR}/generated)
file(GLOB OPTISCAPE_SHADERS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shaders/*.glsl)
string(REPLACE ";" "|" SHADER_INPUTS "${OPTISCAPE_SHADERS}")
add_custom_command(
  OUTPUT ${GEN_DIR}/shaders_embedded.h
  COMMAND ${CMAKE_COMMAND} -DOUT=${GEN_DIR}/shaders_embedded.h -DMODE=shaders
          "-DINPUTS=${SHADER_INPUTS}" -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${OPTISCAPE_SHADERS} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  COMMENT "Embedding shaders" VERBATIM)


set(OPTISCAPE_FONT_SRC /usr/share/fonts/opentype/inter/Inter-Regular.otf)
set(OPTISCAPE_FONT_BOLD_SRC /usr/share/fonts/opentype/inter/Inter-SemiBold.otf)
set(OPTISCAPE_FONT_MATH_SRC /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
# The fonts hold only the characters the UI uses (cmake/font_glyphs.py scans src/ and lessons/):
# Inter for text, DejaVu Sans for the symbols Inter lacks (∇, ∈, ∝ …).
file(GLOB_RECURSE OPTISCAPE_TEXT_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/*.cpp
     ${CMAKE_SOURCE_DIR}/src/*.h)
add_custom_command(
  OUTPUT ${GEN_DIR}/glyphs_text.txt ${GEN_DIR}/glyphs_math.txt ${GEN_DIR}/glyphs_bold.txt
  COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/cmake/font_glyphs.py ${CMAKE_SOURCE_DIR}
          ${OPTISCAPE_FONT_SRC} ${GEN_DIR}/glyphs_text.txt ${GEN_DIR}/glyphs_math.txt
          ${GEN_DIR}/glyphs_bold.txt
  DEPENDS ${OPTISCAPE_TEXT_SOURCES} ${OPTISCAPE_LESSONS} ${CMAKE_SOURCE_DIR}/cmake/font_glyphs.py
  COMMENT "Listing the UI's characters" VERBATIM)
set(FONT_SUBSETS)
foreach(font regular bold math)
  if(font STREQUAL "regular")
    set(src ${OPTISCAPE_FONT_SRC})
    set(glyphs ${GEN_DIR}/glyphs_text.txt)
  elseif(font STREQUAL "bold")
    set(src ${OPTISCAPE_FONT_BOLD_SRC})
    set(glyphs ${GEN_DIR}/glyphs_bold.txt)
  else()
    set(src ${OPTISCAPE_FONT_MATH_SRC})
    set(glyphs ${GEN_DIR}/glyphs_math.txt)
  endif()
  add_custom_command(
    OUTPUT ${GEN_DIR}/font_${font}.bin
    COMMAND /usr/bin/python3 -m fontTools.subset ${src} --unicodes-file=${glyphs} --no-hinting
            --layout-features= --no-glyph-names --notdef-outline
            --desubroutinize --output-file=${GEN_DIR}/font_${font}.bin
    DEPENDS ${src} ${glyphs}
    COMMENT "Subsetting font ${font}")
  list(APPEND FONT_SUBSETS ${GEN_DIR}/font_${font}.bin)
endforeach()
string(REPLACE ";" "|" FONT_INPUTS "${FONT_SUBSETS}")
add_custom_command(
  OUTPUT ${GEN_DIR}/fonts_embedded.h
  COMMAND ${CMAKE_COMMAND} -DOUT=${GEN_DIR}/fonts_embedded.h -DMODE=binary
          "-DINPUTS=${FONT_INPUTS}" -P ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  DEPENDS ${FONT_SUBSETS} ${CMAKE_SOURCE_DIR}/cmake/embed.cmake
  COMMENT "Embedding fonts" VERBATIM)

# --- render: thin GL wrappers (programs, textures, framebuffers) ------------------------------
file(GLOB OPTISCAPE_RENDER_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/render/*.cpp)
add_library(optiscape_render STATIC ${OPTISCAPE_RENDER_SOURCES} ${GEN_DIR}/shaders_embedded.h)
target_include_directories(optiscape_render PUBLIC ${CMAKE_SOURCE_DIR}/src ${GEN_DIR})
target_link_libraries(optiscape_render PUBLIC ${OPTISCAPE_BUILD_CORE})
target_compile_options(optiscape_render PRIVATE ${OPTISCAPE_WARNINGS} ${OPTISCAPE_UI_OPT})
if(EMSCRIPTEN)
  target_compile_definitions(optiscape_render PUBLIC OPTISCAPE_GLES)
else()
  target_link_libraries(optiscape_render PUBLIC OpenGL::GL)
endif()

# --- app: ImGui views and panels reading core state ------------------------------------------
file(GLOB OPTISCAPE_APP_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/app/*.cpp)
list(REMOVE_ITEM OPTISCAPE_APP_SOURCES ${OPTISCAPE_APP_STATE_SOURCES})  # in optiscape_app_state
add_library(optiscape_app STATIC ${OPTISCAPE_APP_SOURCES} ${GEN_DIR}/fonts_embedded.h)
target_link_libraries(optiscape_app PUBLIC optiscape_app_state optiscape_render imgui)
target_compile_options(optiscape_app PRIVATE ${OPTISCAPE_WARNINGS} ${OPTISCAPE_UI_OPT})
optiscape_unity(optiscape_app)

# --- platform: main loop, window, browser glue ------------------------------------------------
file(GLOB OPTISCAPE_PLATFORM_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/platform/*.cpp)
if(EMSCRIPTEN)
  # The PNG writer serves the desktop's --screenshot only (and would pull in <fstream>).
  list(FILTER OPTISCAPE_PLATFORM_SOURCES EXCLUDE REGEX "png\\.cpp$")
  add_executable(optiscape_web ${OPTISCAPE_PLATFORM_SOURCES})
  target_compile_options(optiscape_web PRIVATE ${OPTISCAPE_UI_OPT})
  set_target_properties(optiscape_web PROPERTIES OUTPUT_NAME optiscape SUFFIX ".js")
  target_link_libraries(optiscape_web PRIVATE optiscape_app)
  target_link_options(optiscape_web PRIVATE ${OPTISCAPE_UI_OPT}
    -sUSE_GLFW=3 -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1
    -sFILESYSTEM=0 -sENVIRONMENT=web,worker -sMODULARIZE=0 -sMALLOC=emmalloc
    # Binaryen's size passes repeated until nothing shrinks: 2.6 KB gzip fewer, 20 s more link
    $<$<CONFIG:Release>:-sBINARYEN_EXTRA_PASSES=--converge>
    # compiled formulas join the function table (src/platform/formula_compiler_web.cpp)
    -sALLOW_TABLE_GROWTH=1
    # ImGui's built-in font is never used (src/platform/browser.cpp)
    -Wl,--wrap=_ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig
    "-sEXPORTED_FUNCTIONS=['_main','_optiscape_state_json','_optiscape_command','_optiscape_load','_optiscape_data','_optiscape_sync_link','_optiscape_lessons_json','_optiscape_wheel','_optiscape_wake','_optiscape_job_run','_optiscape_job_values','_optiscape_job_error','_optiscape_job_done','_malloc','_free']"
    "-sEXPORTED_RUNTIME_METHODS=['UTF8ToString','stringToUTF8','lengthBytesUTF8']"
    --pre-js ${CMAKE_SOURCE_DIR}/src/platform/web_pre.js
    --post-js ${CMAKE_SOURCE_DIR}/src/platform/web_glue.js)
  set_property(TARGET optiscape_web APPEND PROPERTY LINK_DEPENDS ${CMAKE_SOURCE_DIR}/src/platform/web_glue.js
    ${CMAKE_SOURCE_DIR}/src/platform/web_pre.js)
  # Release: Google's Closure Compiler (its native build from npm, google-closure-compiler-linux,
  # pinned by package-lock.json; scripts/setup installs it)
  # minifies Emscripten's JS runtime, 22 KB → 13 KB gzip. Debian's Emscripten ships without it.
  set(OPTISCAPE_CLOSURE ${CMAKE_SOURCE_DIR}/node_modules/google-closure-compiler-linux/compiler)
  if(CMAKE_BUILD_TYPE STREQUAL "Release" AND EXISTS ${OPTISCAPE_CLOSURE})
    target_link_options(optiscape_web PRIVATE --closure 1)
    set(OPTISCAPE_LINK_LAUNCHER "${CMAKE_COMMAND} -E env EM_CLOSURE_COMPILER=${OPTISCAPE_CLOSURE}")
    set_property(TARGET optiscape_web PROPERTY RULE_LAUNCH_LINK ${OPTISCAPE_LINK_LAUNCHER})
  elseif(CMAKE_BUILD_TYPE STREQUAL "Release")
    message(WARNING "Closure Compiler not found (run scripts/setup): the page's JS stays unminified")
  endif()
  # The static site: the page shell beside the .js and .wasm.
  add_custom_command(TARGET optiscape_web POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/web/index.html ${CMAKE_SOURCE_DIR}/web/embed.html
            ${CMAKE_BINARY_DIR})
  if(CMAKE_BUILD_TYPE STREQUAL "Release")
    # Two halves (cmake/split_wasm.py): optiscape.wasm holds what the 2-D tool runs, the listed
    # functions of web/wasm-primary/*.txt; optiscape.deferred.wasm the rest, loaded after the first
    # input or on first use (src/platform/web_pre.js). The link keeps the functions' names for it.
    target_link_options(optiscape_web PRIVATE --profiling-funcs)
    file(GLOB OPTISCAPE_WASM_PRIMARY CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/web/wasm-primary/*.txt)
    set_property(TARGET optiscape_web APPEND PROPERTY LINK_DEPENDS ${OPTISCAPE_WASM_PRIMARY}
      ${CMAKE_SOURCE_DIR}/cmake/split_wasm.py)
    add_custom_command(TARGET optiscape_web POST_BUILD
      COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/cmake/split_wasm.py ${CMAKE_BINARY_DIR}/optiscape.wasm
              ${CMAKE_SOURCE_DIR}/web/wasm-primary
      VERBATIM)
  endif()

  # The one-file build for learning platforms and file://: the page's own script and wasm, the
  # wasm as a data: URI in the script (fetched as any URL, in the page and in its workers), the
  # script inlined into the page. Assembled from the linked page, not linked again.
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/optiscape-standalone.html
    COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/cmake/inline_html.py ${CMAKE_SOURCE_DIR}/web/index.html
            ${CMAKE_BINARY_DIR}/optiscape.js ${CMAKE_BINARY_DIR}/optiscape.wasm ${CMAKE_BINARY_DIR}/optiscape.deferred.wasm
            ${OPTISCAPE_LESSON_BUNDLE} ${CMAKE_BINARY_DIR}/optiscape-standalone.html
    DEPENDS optiscape_web optiscape_lessons ${OPTISCAPE_LESSON_BUNDLE} ${CMAKE_SOURCE_DIR}/web/index.html ${CMAKE_SOURCE_DIR}/cmake/inline_html.py
    COMMENT "Assembling the one-file page" VERBATIM)
  add_custom_target(optiscape_single ALL DEPENDS ${CMAKE_BINARY_DIR}/optiscape-standalone.html)
else()
  add_executable(optiscape-desktop ${OPTISCAPE_PLATFORM_SOURCES})
  add_dependencies(optiscape-desktop optiscape_lessons)
  target_link_libraries(optiscape-desktop PRIVATE optiscape_app)
endif()

# The desktop window test: a real window under Xvfb, screenshot checked for content.
if(NOT EMSCRIPTEN AND OPTISCAPE_TESTS)
  find_program(XVFB_RUN xvfb-run)
  find_program(NODE_EXE node)
  if(XVFB_RUN AND NODE_EXE)
    add_test(NAME desktop-screenshot
      COMMAND ${NODE_EXE} ${CMAKE_SOURCE_DIR}/tests/platform/desktop_screenshot.js
              $<TARGET_FILE:optiscape-desktop> ${CMAKE_BINARY_DIR}/screenshots/desktop.png)
    add_test(NAME desktop-screenshot-3d
      COMMAND ${NODE_EXE} ${CMAKE_SOURCE_DIR}/tests/platform/desktop_screenshot.js
              $<TARGET_FILE:optiscape-desktop> ${CMAKE_BINARY_DIR}/screenshots/desktop-3d.png
              --command "view 3d")
    # xvfb-run -a can pick the same display for two windows started at once
    set_tests_properties(desktop-screenshot desktop-screenshot-3d PROPERTIES RESOURCE_LOCK xvfb)
    file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/screenshots)
  endif()
endif()
