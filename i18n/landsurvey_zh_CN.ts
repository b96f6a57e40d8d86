<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>LandSurvey</name>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="558" />
      <source>Accept as exception</source>
      <translation>接受为例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="314" />
      <source>Accept as exception…</source>
      <translation>接受为例外…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="211" />
      <source>Accepted as an exception: {reason}</source>
      <translation>已接受为例外：{reason}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="678" />
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="683" />
      <source>All layers</source>
      <translation>全部图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="673" />
      <source>All severities</source>
      <translation>全部级别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="276" />
      <source>Also list the problems accepted as exceptions</source>
      <translation>同时列出已接受为例外的问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="218" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="186" />
      <source>Cannot load the style {name}: {error}</source>
      <translation>无法加载样式 {name}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="178" />
      <source>Cannot store the style in {path}: {error}</source>
      <translation>无法将样式保存到 {path}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="126" />
      <source>Cannot transform the layer extent from {crs} to CGCS2000: {error}</source>
      <translation>无法将图层范围从 {crs} 转换到 CGCS2000：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="114" />
      <source>Cannot write {path}: {error}</source>
      <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="188" />
      <source>Check again the parcels selected in the parcel layer; other results are kept</source>
      <translation>重新检查地类图斑图层中选中的图斑；其他结果保留</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="930" />
      <source>Check findings</source>
      <translation>检查结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="99" />
      <source>Check parcels and single layers</source>
      <translation>检查图斑和单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="182" />
      <source>Check the layers below with every rule of the survey profile</source>
      <translation>用调查方案的全部规则检查下列图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="85" />
      <source>Check the survey layers with every rule of the profile; results in the dock</source>
      <translation>用方案的全部规则检查调查图层，结果显示在面板中</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="820" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="827" />
      <source>Checks cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="445" />
      <source>Choose the parcel layer (DLTB) under “Layers to check”.</source>
      <translation>请在“待检查图层”中选择地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="99" />
      <source>Compute areas of a layer…</source>
      <translation>计算图层面积…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="38" />
      <source>Compute parcel areas (TBMJ, KCMJ, TBDLMJ)</source>
      <translation>计算图斑面积（TBMJ、KCMJ、TBDLMJ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="756" />
      <source>Copy feature key</source>
      <translation>复制要素标识</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="128" />
      <source>County boundary (XZQ)</source>
      <translation>行政区（XZQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="359" />
      <source>Error layer (GeoPackage)…</source>
      <translation>错误图层（GeoPackage）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="363" />
      <source>Excel table (XLSX)…</source>
      <translation>Excel 表格（XLSX）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="162" />
      <source>Excel workbook</source>
      <translation>Excel 工作簿</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="970" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="163" />
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="192" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="132" />
      <source>Factory farming ranges (GCHZZ)</source>
      <translation>工厂化种植范围（GCHZZ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="863" />
      <source>Failed rules (see the Land Survey log):</source>
      <translation>执行失败的规则（详见 Land Survey 日志）：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="123" />
      <source>Feature {fid}: {problem}; its areas are left unchanged.</source>
      <translation>要素 {fid}：{problem}；其面积保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="223" />
      <source>GDAL has no XLSX driver: cannot write {path}</source>
      <translation>GDAL 没有 XLSX 驱动，无法写入 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="912" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="940" />
      <source>HTML (*.html)</source>
      <translation>HTML (*.html)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="154" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="153" />
      <source>HTML report</source>
      <translation>HTML 报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="362" />
      <source>HTML report…</source>
      <translation>HTML 报告…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="181" />
      <source>Install these Python packages for QGIS's Python, then restart QGIS:
{lines}</source>
      <translation>请为 QGIS 的 Python 安装以下软件包，然后重新启动 QGIS：
{lines}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="430" />
      <source>Land Survey</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="52" />
      <source>Land Survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="180" />
      <source>Land Survey: missing dependencies</source>
      <translation>国土变更调查：缺少依赖</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/provider.py" line="20" />
      <source>Land survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="950" />
      <source>Land survey check report: {layer}</source>
      <translation>国土变更调查检查报告：{layer}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="128" />
      <source>Land survey checks</source>
      <translation>国土变更调查检查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Layer</source>
      <translation>图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="228" />
      <source>Layers to check</source>
      <translation>待检查图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Location (ZLDWDM)</source>
      <translation>坐落单位（ZLDWDM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Message</source>
      <translation>说明</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="61" />
      <source>Missing dependencies…</source>
      <translation>缺少依赖…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="239" />
      <source>Missing fields: {names}.</source>
      <translation>缺少字段：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="100" />
      <source>No KCXS field: KCMJ = 0 and TBDLMJ = TBMJ.</source>
      <translation>没有 KCXS 字段：KCMJ = 0，TBDLMJ = TBMJ。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="829" />
      <source>No checks run yet.</source>
      <translation>尚未运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/check_dataset.py" line="247" />
      <source>No parcel layer (DLTB) to check.</source>
      <translation>没有可检查的地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="222" />
      <source>No parcels selected in {layer}.</source>
      <translation>图层 {layer} 中没有选中的图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="248" />
      <source>No survey profile is loaded.</source>
      <translation>未加载调查方案。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="440" />
      <source>No survey profile is loaded: the checks cannot run.</source>
      <translation>未加载调查方案，无法运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="866" />
      <source>Notes:</source>
      <translation>说明：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="168" />
      <source>Number of errors</source>
      <translation>错误数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="169" />
      <source>Number of warnings</source>
      <translation>警告数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="62" />
      <source>Parcel layer (DLTB)</source>
      <translation>地类图斑图层（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="41" />
      <source>Parcels</source>
      <translation>地类图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="67" />
      <source>Parcels with areas</source>
      <translation>已计算面积的图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="130" />
      <source>Photovoltaic panel ranges (GFBQ)</source>
      <translation>光伏板区范围（GFBQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="127" />
      <source>Previous year's parcel layer (DLTB)</source>
      <translation>上年度地类图斑图层（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Problem / feature</source>
      <translation>问题 / 要素</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="186" />
      <source>Re-check selection</source>
      <translation>重新检查所选</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="89" />
      <source>Recompute areas of selected parcels</source>
      <translation>重算所选图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="229" />
      <source>Recompute parcel areas</source>
      <translation>重算图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="47" />
      <source>Recomputes the parcel area TBMJ as the ellipsoidal area on CGCS2000 (the series of the 国土调查 technical rules), rounded half away from zero to 0.01 m², and derives KCMJ = TBMJ × KCXS and TBDLMJ = TBMJ − KCMJ. Layers in CGCS2000 Gauss-Krüger (EPSG:4513–4554, with or without zone prefix) are used directly; other CRSs are transformed first and a warning says so. Parcels with invalid or empty geometry or an unusable KCXS keep their values and are listed in the log.</source>
      <translation>按国土调查技术规程的椭球面积公式在 CGCS2000 椭球上重算图斑面积 TBMJ，四舍五入到 0.01 平方米，并计算 KCMJ = TBMJ × KCXS、TBDLMJ = TBMJ − KCMJ。CGCS2000 高斯-克吕格投影（EPSG:4513–4554，带或不带带号）的图层直接计算；其他坐标系先进行转换并给出警告。几何无效、为空或 KCXS 不可用的图斑保留原值，并在日志中列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="316" />
      <source>Record why the selected problems are acceptable; they leave the open list</source>
      <translation>记录所选问题可以接受的理由；它们将移出待处理列表</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="320" />
      <source>Remove exception</source>
      <translation>取消例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="360" />
      <source>Rule {rule} failed: {error}</source>
      <translation>规则 {rule} 执行失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="365" />
      <source>Rule {rule} skipped: {reason}</source>
      <translation>规则 {rule} 已跳过：{reason}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="180" />
      <source>Run checks</source>
      <translation>运行检查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="108" />
      <source>Runs the rules of the survey profile (geometry, topology, attributes, areas, changes against the previous year, single layers) over the parcel layer and the optional layers, and writes one error layer (a polygon per finding, NULL geometry for findings without a place), optionally an HTML report and an Excel workbook. All layers are read in the parcels' Gauss-Krüger CRS, which is also the CRS of the error layer. Rules whose layers or fields are missing are skipped and listed in the log.</source>
      <translation>用调查方案的规则（图形、拓扑、属性、面积、与上年度的变化、单独图层）检查地类图斑图层及可选图层，输出一个错误图层（每个问题一个面，无位置的问题几何为空），并可输出 HTML 报告和 Excel 工作簿。所有图层均按地类图斑的高斯-克吕格坐标系读取，错误图层也采用该坐标系。缺少图层或字段的规则将被跳过并记入日志。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="912" />
      <source>Save the error layer</source>
      <translation>保存错误图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="194" />
      <source>Save the open problems as an error layer or a report</source>
      <translation>将待处理问题保存为错误图层或报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="940" />
      <source>Save the report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="970" />
      <source>Save the table</source>
      <translation>保存表格</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="900" />
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="273" />
      <source>Search BSM, message, rule, ZLDWDM…</source>
      <translation>搜索标识码、说明、规则、坐落单位代码…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="216" />
      <source>Select parcels in a polygon layer (DLTB) first.</source>
      <translation>请先在面图层（DLTB）中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="476" />
      <source>Select parcels in {layer} first.</source>
      <translation>请先在 {layer} 中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="274" />
      <source>Show accepted</source>
      <translation>显示已接受</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="860" />
      <source>Skipped rules:</source>
      <translation>跳过的规则：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="129" />
      <source>Soil pushing/piling ranges (TTQ)</source>
      <translation>推(堆)土区范围（TTQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="146" />
      <source>Source: {clause}</source>
      <translation>依据：{clause}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="220" />
      <source>Stop the checks; the previous results stay</source>
      <translation>停止检查；保留上次结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="142" />
      <source>Survey profile</source>
      <translation>调查方案</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="263" />
      <source>Survey profile: {id} ({title})</source>
      <translation>调查方案：{id}（{title}）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="92" />
      <source>TBMJ, KCMJ and TBDLMJ of the selected parcels from their ellipsoidal area (one undo step)</source>
      <translation>按椭球面积重算所选图斑的 TBMJ、KCMJ 和 TBDLMJ（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="545" />
      <source>The accepted exceptions could not be read: {error}</source>
      <translation>无法读取已接受的例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="291" />
      <source>The check was cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="437" />
      <source>The checks are already running.</source>
      <translation>检查正在运行中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="825" />
      <source>The checks failed: {error}</source>
      <translation>检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="613" />
      <source>The exception could not be removed: {error}</source>
      <translation>无法取消该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="596" />
      <source>The exception could not be saved: {error}</source>
      <translation>无法保存该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="907" />
      <source>The export failed: {error}</source>
      <translation>导出失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="855" />
      <source>The last run failed: {error}</source>
      <translation>上次检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="853" />
      <source>The last run was cancelled; these are the previous results.</source>
      <translation>上次检查已取消；以下为之前的结果。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/parcel_areas.py" line="44" />
      <source>The layer has no TBMJ field; it is not a DLTB parcel layer (fields present: {names}).</source>
      <translation>图层没有 TBMJ 字段，不是地类图斑（DLTB）图层（现有字段：{names}）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="114" />
      <source>The layer has no coordinate reference system; assign CGCS2000 / 3-degree Gauss-Kruger (EPSG:4513-4554) before computing areas.</source>
      <translation>图层没有坐标参考系；计算面积前请指定 CGCS2000 三度带高斯-克吕格投影（EPSG:4513-4554）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="243" />
      <source>The layer is not in CGCS2000 Gauss-Krüger; it was transformed.</source>
      <translation>该图层不是 CGCS2000 高斯-克吕格投影，已先进行坐标转换。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/parcel_areas.py" line="142" />
      <source>The layer {name} cannot be edited (read-only source).</source>
      <translation>图层 {name} 无法编辑（数据源只读）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="108" />
      <source>The layer's coordinates are not degrees but its CRS ({crs}) is geographic; assign the right CGCS2000 Gauss-Kruger CRS (EPSG:4513-4554).</source>
      <translation>图层坐标不是经纬度，但其坐标系（{crs}）是地理坐标系；请指定正确的 CGCS2000 高斯-克吕格投影（EPSG:4513-4554）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="69" />
      <source>The plugin needs: {missing}. See Plugins ▸ Land Survey ▸ Missing dependencies.</source>
      <translation>插件需要：{missing}。详见 插件 ▸ 国土变更调查 ▸ 缺少依赖。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="322" />
      <source>The selected accepted problems become open again</source>
      <translation>所选已接受的问题将重新列为待处理</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="258" />
      <source>The survey profile {id} cannot be loaded: {error}</source>
      <translation>无法加载调查方案 {id}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="117" />
      <source>The survey profile {profile} cannot be loaded: {error}</source>
      <translation>无法加载调查配置 {profile}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="131" />
      <source>Unfinished demolition ranges (CCWJQ)</source>
      <translation>拆除未尽区范围（CCWJQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="185" />
      <source>Unknown survey profile {value}.</source>
      <translation>未知的调查方案 {value}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="560" />
      <source>Why are these {count} problems acceptable? The reason is stored with the data.</source>
      <translation>为什么这 {count} 个问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="564" />
      <source>Why is this problem acceptable? The reason is stored with the data.</source>
      <translation>为什么该问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="754" />
      <source>Zoom to problem</source>
      <translation>缩放到问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="233" />
      <source>{changed} parcels updated, {unchanged} already correct, {skipped} skipped.</source>
      <translation>已更新 {changed} 个图斑，{unchanged} 个原本正确，跳过 {skipped} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="234" />
      <source>{count} finding(s) accepted as exceptions are left out.</source>
      <translation>已接受为例外的 {count} 个问题未列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="341" />
      <source>{count} finding(s): {errors} error(s), {warnings} warning(s).</source>
      <translation>共 {count} 个问题：错误 {errors} 个，警告 {warnings} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="281" />
      <source>{count} layer(s) read, checking …</source>
      <translation>已读取 {count} 个图层，正在检查…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="150" />
      <source>{count} parcels processed, {skipped} left unchanged.</source>
      <translation>已处理 {count} 个图斑，{skipped} 个保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="847" />
      <source>{count} rules failed</source>
      <translation>{count} 条规则执行失败</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="845" />
      <source>{count} rules skipped</source>
      <translation>{count} 条规则已跳过</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="850" />
      <source>{count} shown</source>
      <translation>显示 {count} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="88" />
      <source>{crs} is not CGCS2000 Gauss-Krüger: vertices are transformed to a Gauss-Krüger zone at {cm}°E before the area is computed.</source>
      <translation>{crs} 不是 CGCS2000 高斯-克吕格投影：计算面积前已将节点转换到中央经线 {cm}°E 的高斯-克吕格带。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="835" />
      <source>{errors} errors, {warnings} warnings, {accepted} accepted</source>
      <translation>错误 {errors} 个，警告 {warnings} 个，已接受 {accepted} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="370" />
      <source>{ran} of {total} rules ran in {seconds:.1f} s.</source>
      <translation>{total} 条规则中运行了 {ran} 条，用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="840" />
      <source>{seconds} s</source>
      <translation>{seconds} 秒</translation>
    </message>
  </context>
</TS>
