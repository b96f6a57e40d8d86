<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>LandSurvey</name>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="560" />
      <source>Accept as exception</source>
      <translation>接受为例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="315" />
      <source>Accept as exception…</source>
      <translation>接受为例外…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="211" />
      <source>Accepted as an exception: {reason}</source>
      <translation>已接受为例外：{reason}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="242" />
      <source>Add from parcels</source>
      <translation>从图斑添加</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="274" />
      <source>Add the ranges of a delivered layer (national or provincial) to this layer, with a field mapping (one undo step)</source>
      <translation>按字段对应关系将下发图层（国家级或省级）的范围添加到本图层（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="244" />
      <source>Add the selected parcels (DLTB) as ranges of this layer (one undo step)</source>
      <translation>将选中的图斑（DLTB）添加为本图层的范围（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="689" />
      <source>Add {table} ranges from parcels</source>
      <translation>从图斑添加 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="680" />
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="685" />
      <source>All layers</source>
      <translation>全部图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="675" />
      <source>All severities</source>
      <translation>全部级别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="277" />
      <source>Also list the problems accepted as exceptions</source>
      <translation>同时列出已接受为例外的问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1019" />
      <source>Apply all fixes</source>
      <translation>全部修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="304" />
      <source>Apply all fixes…</source>
      <translation>全部修正…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="298" />
      <source>Apply fix</source>
      <translation>应用修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1020" />
      <source>Apply the proposed fix of all {count} conflicts? Each fix is one undo step of its layer; nothing is saved until you save the layers.</source>
      <translation>对全部 {count} 个冲突应用建议的修正？每个修正是其图层的一步撤销；保存图层之前不会写入数据。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="306" />
      <source>Apply the proposed fix of every listed conflict, after a confirmation</source>
      <translation>确认后对列出的每个冲突应用建议的修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="300" />
      <source>Apply the proposed fix of the selected conflict (one undo step)</source>
      <translation>对所选冲突应用建议的修正（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="209" />
      <source>Area (m²)</source>
      <translation>面积（m²）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="125" />
      <source>Builds ranges of a single layer (推(堆)土区 TTQ, 光伏板区 GFBQ, 拆除未尽区 CCWJQ, 工厂化种植 GCHZZ, …) from parcels: one range per parcel, or one per 坐落单位 (ZLDWDM) when dissolved. The output has the layer's schema; BSM continues after the parcels' BSMs (county code + sequence), YSDM is the layer's code, ZLDWDM, ZLDWMC and TBBH come from the parcels and the area field is the ellipsoidal area to 0.01 m².</source>
      <translation>由图斑生成单独图层（推(堆)土区 TTQ、光伏板区 GFBQ、拆除未尽区 CCWJQ、工厂化种植 GCHZZ 等）的范围：每个图斑一个范围，融合时每个坐落单位（ZLDWDM）一个范围。输出采用该图层的字段结构；标识码接续图斑的标识码编号（县级代码 + 顺序号），要素代码为该图层的代码，坐落单位代码、坐落单位名称和图斑编号取自图斑，面积字段为精确到 0.01 m² 的椭球面积。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="219" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="371" />
      <source>Cannot change the geometry of range {fid}.</source>
      <translation>无法修改范围 {fid} 的图形。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="109" />
      <source>Cannot create {table} in {path}: {error}</source>
      <translation>无法在 {path} 中创建 {table}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="366" />
      <source>Cannot delete range {fid}.</source>
      <translation>无法删除范围 {fid}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="186" />
      <source>Cannot load the style {name}: {error}</source>
      <translation>无法加载样式 {name}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="258" />
      <source>Cannot number the new range: its parcels have neither a ZLDWDM nor a BSM that gives the 6-digit county code.</source>
      <translation>无法为新范围编号：其图斑既无坐落单位代码，也无可给出 6 位县级代码的标识码。</translation>
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
      <location filename="landsurvey_plugin/gui/results_dock.py" line="189" />
      <source>Check again the parcels selected in the parcel layer; other results are kept</source>
      <translation>重新检查地类图斑图层中选中的图斑；其他结果保留</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="292" />
      <source>Check consistency</source>
      <translation>检查一致性</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="932" />
      <source>Check findings</source>
      <translation>检查结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="99" />
      <source>Check parcels and single layers</source>
      <translation>检查图斑和单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="183" />
      <source>Check the layers below with every rule of the survey profile</source>
      <translation>用调查方案的全部规则检查下列图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="87" />
      <source>Check the survey layers with every rule of the profile; results in the dock</source>
      <translation>用方案的全部规则检查调查图层，结果显示在面板中</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="822" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="829" />
      <source>Checks cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="618" />
      <source>Choose a single layer that is in the project.</source>
      <translation>请选择工程中已有的单独图层。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="446" />
      <source>Choose the parcel layer (DLTB) under “Layers to check”.</source>
      <translation>请在“待检查图层”中选择地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="294" />
      <source>Compare the ranges with the parcels and last year's parcels</source>
      <translation>将范围与本年及上年度图斑对照</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="112" />
      <source>Compute areas of a layer…</source>
      <translation>计算图层面积…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="38" />
      <source>Compute parcel areas (TBMJ, KCMJ, TBDLMJ)</source>
      <translation>计算图斑面积（TBMJ、KCMJ、TBDLMJ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="758" />
      <source>Copy feature key</source>
      <translation>复制要素标识</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="128" />
      <source>County boundary (XZQ)</source>
      <translation>行政区（XZQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="236" />
      <source>Create layer</source>
      <translation>创建图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="238" />
      <source>Create the missing layer in the parcels' GeoPackage, with the profile's fields</source>
      <translation>在地类图斑所在的 GeoPackage 中按方案字段创建缺少的图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="658" />
      <source>Created {table} in {file}</source>
      <translation>已在 {file} 中创建 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="259" />
      <source>Cut the selected parcels out of this layer's ranges (one undo step)</source>
      <translation>从本图层的范围中扣除选中的图斑（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="286" />
      <source>Cuts the mask polygons out of the ranges of a single layer. Each range keeps its attributes; its area field (the one field named …MJ) is recomputed as the ellipsoidal area to 0.01 m². Parts left smaller than the minimum area (ellipsoidal m²) are dropped, and a range with nothing left is not written.</source>
      <translation>从单独图层的范围中扣除掩膜多边形。每个范围保留其属性；其面积字段（唯一以 MJ 结尾的字段）重新计算为精确到 0.01 m² 的椭球面积。剩余部分小于最小面积（椭球面积 m²）的将被舍去，完全扣除的范围不再输出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="251" />
      <source>Digitise</source>
      <translation>数字化</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="246" />
      <source>Dissolve</source>
      <translation>融合</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="158" />
      <source>Dissolve the parcels of each ZLDWDM</source>
      <translation>按坐落单位代码融合图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="265" />
      <source>Draw a polygon on the map (left click: vertex, right click: finish, Esc: cancel) and cut it out of this layer's ranges (one undo step)</source>
      <translation>在地图上绘制多边形（左键：节点，右键：完成，Esc：取消），并从本图层的范围中扣除（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="253" />
      <source>Draw a range on the map, snapping to the parcels (DLTB)</source>
      <translation>在地图上绘制范围，捕捉到地类图斑（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="805" />
      <source>Draw the polygon to erase: left click adds a vertex, right click finishes.</source>
      <translation>绘制要删除的多边形：左键添加节点，右键完成。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="283" />
      <source>Erase from a single layer</source>
      <translation>从单独图层中扣除</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1090" />
      <source>Erase the range over the parcels</source>
      <translation>删除压盖图斑的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="263" />
      <source>Erase under drawn polygon</source>
      <translation>删除绘制多边形下的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="257" />
      <source>Erase under selection</source>
      <translation>删除所选图斑下的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="840" />
      <source>Erase {table} ranges under a drawn polygon</source>
      <translation>删除绘制多边形下的 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="761" />
      <source>Erase {table} ranges under parcels</source>
      <translation>删除图斑下的 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="360" />
      <source>Error layer (GeoPackage)…</source>
      <translation>错误图层（GeoPackage）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="364" />
      <source>Excel table (XLSX)…</source>
      <translation>Excel 表格（XLSX）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="162" />
      <source>Excel workbook</source>
      <translation>Excel 工作簿</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="972" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="163" />
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="193" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="132" />
      <source>Factory farming ranges (GCHZZ)</source>
      <translation>工厂化种植范围（GCHZZ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="865" />
      <source>Failed rules (see the Land Survey log):</source>
      <translation>执行失败的规则（详见 Land Survey 日志）：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="123" />
      <source>Feature {fid}: {problem}; its areas are left unchanged.</source>
      <translation>要素 {fid}：{problem}；其面积保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1093" />
      <source>Fix by hand</source>
      <translation>人工修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1043" />
      <source>Fix {rule} of {key}</source>
      <translation>修正 {key} 的 {rule}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="223" />
      <source>GDAL has no XLSX driver: cannot write {path}</source>
      <translation>GDAL 没有 XLSX 驱动，无法写入 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="914" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="942" />
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
      <location filename="landsurvey_plugin/gui/results_dock.py" line="363" />
      <source>HTML report…</source>
      <translation>HTML 报告…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/import_ranges_dialog.py" line="35" />
      <source>Import ranges into {table}</source>
      <translation>导入范围到 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="901" />
      <source>Import {table} ranges from {layer}</source>
      <translation>从 {layer} 导入 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="272" />
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="209" />
      <source>In the project</source>
      <translation>工程中</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="215" />
      <source>Install these Python packages for QGIS's Python, then restart QGIS:
{lines}</source>
      <translation>请为 QGIS 的 Python 安装以下软件包，然后重新启动 QGIS：
{lines}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="431" />
      <source>Land Survey</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="54" />
      <source>Land Survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="214" />
      <source>Land Survey: missing dependencies</source>
      <translation>国土变更调查：缺少依赖</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/provider.py" line="24" />
      <source>Land survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="952" />
      <source>Land survey check report: {layer}</source>
      <translation>国土变更调查检查报告：{layer}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="129" />
      <source>Land survey checks</source>
      <translation>国土变更调查检查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Layer</source>
      <translation>图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="229" />
      <source>Layers to check</source>
      <translation>待检查图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="651" />
      <source>Loaded {table} from {file}</source>
      <translation>已从 {file} 加载 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Location (ZLDWDM)</source>
      <translation>坐落单位（ZLDWDM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="224" />
      <source>Location unit (ZLDWDM)</source>
      <translation>坐落单位（ZLDWDM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="301" />
      <source>Mask</source>
      <translation>掩膜</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="248" />
      <source>Merge adjacent selected parcels into one range</source>
      <translation>将相邻的选中图斑合并为一个范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Message</source>
      <translation>说明</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="305" />
      <source>Minimum area kept (m²)</source>
      <translation>保留的最小面积（m²）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="63" />
      <source>Missing dependencies…</source>
      <translation>缺少依赖…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="291" />
      <source>Missing fields: {names}.</source>
      <translation>缺少字段：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="100" />
      <source>No KCXS field: KCMJ = 0 and TBDLMJ = TBMJ.</source>
      <translation>没有 KCXS 字段：KCMJ = 0，TBDLMJ = TBMJ。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="831" />
      <source>No checks run yet.</source>
      <translation>尚未运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="523" />
      <source>No layer of table {table} in the project</source>
      <translation>工程中没有 {table} 表的图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="625" />
      <source>No parcel layer (DLTB) in the project.</source>
      <translation>工程中没有地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/check_dataset.py" line="247" />
      <source>No parcel layer (DLTB) to check.</source>
      <translation>没有可检查的地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="274" />
      <source>No parcels selected in {layer}.</source>
      <translation>图层 {layer} 中没有选中的图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="331" />
      <source>No single area field (…MJ) found: areas are not written.</source>
      <translation>未找到唯一的面积字段（…MJ）：不写入面积。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="249" />
      <source>No survey profile is loaded.</source>
      <translation>未加载调查方案。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="441" />
      <source>No survey profile is loaded: the checks cannot run.</source>
      <translation>未加载调查方案，无法运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="841" />
      <source>No {table} range under the drawn polygon.</source>
      <translation>绘制的多边形下没有 {table} 范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="762" />
      <source>No {table} range under the selected parcels.</source>
      <translation>选中的图斑下没有 {table} 范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="868" />
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
      <location filename="landsurvey_plugin/processing/single_layers.py" line="221" />
      <source>Parcel {fid}: {problem}; left out.</source>
      <translation>图斑 {fid}：{problem}；已跳过。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="41" />
      <source>Parcels</source>
      <translation>地类图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="148" />
      <source>Parcels to use (expression)</source>
      <translation>使用的图斑（表达式）</translation>
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
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="317" />
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Problem / feature</source>
      <translation>问题 / 要素</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="317" />
      <source>Proposed fix</source>
      <translation>建议修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="353" />
      <source>Range {fid}: {problem}; copied unchanged.</source>
      <translation>范围 {fid}：{problem}；原样复制。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="209" />
      <source>Ranges</source>
      <translation>范围数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/import_ranges_dialog.py" line="38" />
      <source>Ranges of a delivered layer (national or provincial) are added to {layer} as one undo step. Fields left empty are not imported; BSM, YSDM and the area are then computed.</source>
      <translation>下发图层（国家级或省级）的范围将作为一步撤销添加到 {layer}。留空的字段不导入；标识码、要素代码和面积将自动计算。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="187" />
      <source>Re-check selection</source>
      <translation>重新检查所选</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="91" />
      <source>Recompute areas of selected parcels</source>
      <translation>重算所选图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="281" />
      <source>Recompute parcel areas</source>
      <translation>重算图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="47" />
      <source>Recomputes the parcel area TBMJ as the ellipsoidal area on CGCS2000 (the series of the 国土调查 technical rules), rounded half away from zero to 0.01 m², and derives KCMJ = TBMJ × KCXS and TBDLMJ = TBMJ − KCMJ. Layers in CGCS2000 Gauss-Krüger (EPSG:4513–4554, with or without zone prefix) are used directly; other CRSs are transformed first and a warning says so. Parcels with invalid or empty geometry or an unusable KCXS keep their values and are listed in the log.</source>
      <translation>按国土调查技术规程的椭球面积公式在 CGCS2000 椭球上重算图斑面积 TBMJ，四舍五入到 0.01 平方米，并计算 KCMJ = TBMJ × KCXS、TBDLMJ = TBMJ − KCMJ。CGCS2000 高斯-克吕格投影（EPSG:4513–4554，带或不带带号）的图层直接计算；其他坐标系先进行转换并给出警告。几何无效、为空或 KCXS 不可用的图斑保留原值，并在日志中列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="317" />
      <source>Record why the selected problems are acceptable; they leave the open list</source>
      <translation>记录所选问题可以接受的理由；它们将移出待处理列表</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="313" />
      <source>Remaining ranges</source>
      <translation>剩余范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="321" />
      <source>Remove exception</source>
      <translation>取消例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1092" />
      <source>Review the parcel class (by hand)</source>
      <translation>核查图斑地类（人工）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="317" />
      <source>Rule</source>
      <translation>规则</translation>
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
      <location filename="landsurvey_plugin/gui/results_dock.py" line="181" />
      <source>Run checks</source>
      <translation>运行检查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="108" />
      <source>Runs the rules of the survey profile (geometry, topology, attributes, areas, changes against the previous year, single layers) over the parcel layer and the optional layers, and writes one error layer (a polygon per finding, NULL geometry for findings without a place), optionally an HTML report and an Excel workbook. All layers are read in the parcels' Gauss-Krüger CRS, which is also the CRS of the error layer. Rules whose layers or fields are missing are skipped and listed in the log.</source>
      <translation>用调查方案的规则（图形、拓扑、属性、面积、与上年度的变化、单独图层）检查地类图斑图层及可选图层，输出一个错误图层（每个问题一个面，无位置的问题几何为空），并可输出 HTML 报告和 Excel 工作簿。所有图层均按地类图斑的高斯-克吕格坐标系读取，错误图层也采用该坐标系。缺少图层或字段的规则将被跳过并记入日志。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="914" />
      <source>Save the error layer</source>
      <translation>保存错误图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="195" />
      <source>Save the open problems as an error layer or a report</source>
      <translation>将待处理问题保存为错误图层或报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="942" />
      <source>Save the report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="972" />
      <source>Save the table</source>
      <translation>保存表格</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="902" />
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="274" />
      <source>Search BSM, message, rule, ZLDWDM…</source>
      <translation>搜索标识码、说明、规则、坐落单位代码…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="268" />
      <source>Select parcels in a polygon layer (DLTB) first.</source>
      <translation>请先在面图层（DLTB）中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="478" />
      <source>Select parcels in {layer} first.</source>
      <translation>请先在 {layer} 中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="275" />
      <source>Show accepted</source>
      <translation>显示已接受</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="153" />
      <source>Single layer</source>
      <translation>单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="160" />
      <source>Single layers</source>
      <translation>单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="164" />
      <source>Single-layer ranges</source>
      <translation>单独图层范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="122" />
      <source>Single-layer ranges from parcels</source>
      <translation>由图斑生成单独图层范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="862" />
      <source>Skipped rules:</source>
      <translation>跳过的规则：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="129" />
      <source>Soil pushing/piling ranges (TTQ)</source>
      <translation>推(堆)土区范围（TTQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/import_ranges_dialog.py" line="54" />
      <source>Source layer</source>
      <translation>源图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="146" />
      <source>Source: {clause}</source>
      <translation>依据：{clause}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="221" />
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
      <location filename="landsurvey_plugin/plugin.py" line="94" />
      <source>TBMJ, KCMJ and TBDLMJ of the selected parcels from their ellipsoidal area (one undo step)</source>
      <translation>按椭球面积重算所选图斑的 TBMJ、KCMJ 和 TBDLMJ（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="209" />
      <source>Table</source>
      <translation>表名</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="547" />
      <source>The accepted exceptions could not be read: {error}</source>
      <translation>无法读取已接受的例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="291" />
      <source>The check was cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="438" />
      <source>The checks are already running.</source>
      <translation>检查正在运行中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="827" />
      <source>The checks failed: {error}</source>
      <translation>检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="615" />
      <source>The exception could not be removed: {error}</source>
      <translation>无法取消该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="598" />
      <source>The exception could not be saved: {error}</source>
      <translation>无法保存该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="909" />
      <source>The export failed: {error}</source>
      <translation>导出失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="857" />
      <source>The last run failed: {error}</source>
      <translation>上次检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="855" />
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
      <location filename="landsurvey_plugin/plugin.py" line="295" />
      <source>The layer is not in CGCS2000 Gauss-Krüger; it was transformed.</source>
      <translation>该图层不是 CGCS2000 高斯-克吕格投影，已先进行坐标转换。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/parcel_areas.py" line="142" />
      <source>The layer {name} cannot be edited (read-only source).</source>
      <translation>图层 {name} 无法编辑（数据源只读）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="294" />
      <source>The layer {name} refused the new ranges.</source>
      <translation>图层 {name} 拒绝了新范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="660" />
      <source>The layer {table} could not be created.</source>
      <translation>无法创建图层 {table}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="108" />
      <source>The layer's coordinates are not degrees but its CRS ({crs}) is geographic; assign the right CGCS2000 Gauss-Kruger CRS (EPSG:4513-4554).</source>
      <translation>图层坐标不是经纬度，但其坐标系（{crs}）是地理坐标系；请指定正确的 CGCS2000 高斯-克吕格投影（EPSG:4513-4554）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="117" />
      <source>The new table {table} in {path} cannot be opened.</source>
      <translation>无法打开 {path} 中新建的表 {table}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="646" />
      <source>The parcel layer (DLTB) is not in a GeoPackage.</source>
      <translation>地类图斑图层（DLTB）不在 GeoPackage 中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="71" />
      <source>The plugin needs: {missing}. See Plugins ▸ Land Survey ▸ Missing dependencies.</source>
      <translation>插件需要：{missing}。详见 插件 ▸ 国土变更调查 ▸ 缺少依赖。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="183" />
      <source>The profile {profile} has no single layer {layer}.</source>
      <translation>方案 {profile} 中没有单独图层 {layer}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="323" />
      <source>The selected accepted problems become open again</source>
      <translation>所选已接受的问题将重新列为待处理</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="258" />
      <source>The survey profile {id} cannot be loaded: {error}</source>
      <translation>无法加载调查方案 {id}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="130" />
      <source>The survey profile {profile} cannot be loaded: {error}</source>
      <translation>无法加载调查配置 {profile}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="83" />
      <source>The table {table} exists already in {path}; it is not overwritten.</source>
      <translation>{path} 中已有表 {table}，不会覆盖。</translation>
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
      <location filename="landsurvey_plugin/processing/single_layers.py" line="100" />
      <source>Unknown value {value}.</source>
      <translation>未知的值 {value}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="562" />
      <source>Why are these {count} problems acceptable? The reason is stored with the data.</source>
      <translation>为什么这 {count} 个问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="566" />
      <source>Why is this problem acceptable? The reason is stored with the data.</source>
      <translation>为什么该问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="756" />
      <source>Zoom to problem</source>
      <translation>缩放到问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="519" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="519" />
      <source>missing (optional)</source>
      <translation>缺失（可选）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="595" />
      <source>missing: {names}</source>
      <translation>缺失：{names}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="389" />
      <source>optional</source>
      <translation>可选</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="285" />
      <source>{changed} parcels updated, {unchanged} already correct, {skipped} skipped.</source>
      <translation>已更新 {changed} 个图斑，{unchanged} 个原本正确，跳过 {skipped} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1057" />
      <source>{count} conflicts are fixed by hand: {keys}</source>
      <translation>{count} 个冲突需人工修正：{keys}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="597" />
      <source>{count} conflicts with the parcels</source>
      <translation>与图斑的冲突 {count} 个</translation>
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
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1055" />
      <source>{count} fixes applied.</source>
      <translation>已应用 {count} 个修正。</translation>
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
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="701" />
      <source>{count} parcels skipped (see the Land Survey log).</source>
      <translation>跳过 {count} 个图斑（详见 Land Survey 日志）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="888" />
      <source>{count} ranges skipped (see the Land Survey log).</source>
      <translation>跳过 {count} 个范围（详见 Land Survey 日志）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="849" />
      <source>{count} rules failed</source>
      <translation>{count} 条规则执行失败</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="847" />
      <source>{count} rules skipped</source>
      <translation>{count} 条规则已跳过</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="852" />
      <source>{count} shown</source>
      <translation>显示 {count} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="266" />
      <source>{count} {layer} ranges from {parcels} parcels.</source>
      <translation>由 {parcels} 个图斑生成 {count} 个 {layer} 范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="88" />
      <source>{crs} is not CGCS2000 Gauss-Krüger: vertices are transformed to a Gauss-Krüger zone at {cm}°E before the area is computed.</source>
      <translation>{crs} 不是 CGCS2000 高斯-克吕格投影：计算面积前已将节点转换到中央经线 {cm}°E 的高斯-克吕格带。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="837" />
      <source>{errors} errors, {warnings} warnings, {accepted} accepted</source>
      <translation>错误 {errors} 个，警告 {warnings} 个，已接受 {accepted} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="395" />
      <source>{kept} ranges written ({changed} cut), {removed} erased completely.</source>
      <translation>输出 {kept} 个范围（其中 {changed} 个被裁切），{removed} 个被完全扣除。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="714" />
      <source>{layer} cannot be edited.</source>
      <translation>{layer} 不可编辑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="71" />
      <source>{path} is not a GeoPackage GDAL can open.</source>
      <translation>{path} 不是 GDAL 能打开的 GeoPackage。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="591" />
      <source>{present} of {total} single layers in the project</source>
      <translation>工程中有 {total} 个单独图层中的 {present} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="370" />
      <source>{ran} of {total} rules ran in {seconds:.1f} s.</source>
      <translation>{total} 条规则中运行了 {ran} 条，用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="842" />
      <source>{seconds} s</source>
      <translation>{seconds} 秒</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="695" />
      <source>{table}: {added} ranges added from {count} parcels.</source>
      <translation>{table}：已从 {count} 个图斑添加 {added} 个范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="880" />
      <source>{table}: {added} ranges imported from {layer}.</source>
      <translation>{table}：已从 {layer} 导入 {added} 个范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="784" />
      <source>{table}: {changed} ranges cut, {deleted} deleted.</source>
      <translation>{table}：裁切 {changed} 个范围，删除 {deleted} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="105" />
      <source>推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植: counts and areas, create, add from parcels, erase, consistency with the parcels</source>
      <translation>推(堆)土区、光伏板区、拆除未尽区、工厂化种植：数量与面积、创建、从图斑添加、删除、与图斑的一致性</translation>
    </message>
  </context>
</TS>
