<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>LandSurvey</name>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="431" />
      <source> — {n} unapplied value(s)</source>
      <translation> — {n} 个未应用的值</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="232" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="663" />
      <source>(the first of {n} selected parcels)</source>
      <translation>（所选 {n} 个图斑中的第一个）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="667" />
      <source>+ the photo opened from the map, not linked to it</source>
      <translation>+ 从地图上打开的照片，未关联到该图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="663" />
      <source>, {count} need a field visit</source>
      <translation>，{count} 个需外业核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="140" />
      <source>A GeoPackage, a FileGDB (.gdb folder) or a folder of shapefiles. Tables are recognised by their standard names; change a role below when yours differ.</source>
      <translation>GeoPackage、FileGDB（.gdb 文件夹）或 shapefile 文件夹。按标准表名识别图层；名称不同时在下方修改其角色。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="571" />
      <source>Accept as exception</source>
      <translation>接受为例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="321" />
      <source>Accept as exception…</source>
      <translation>接受为例外…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="211" />
      <source>Accepted as an exception: {reason}</source>
      <translation>已接受为例外：{reason}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="177" />
      <source>Acquisition date of “{imagery}” (YYYY-MM-DD; overrides the metadata)</source>
      <translation>“{imagery}”的获取日期（YYYY-MM-DD；优先于元数据）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="227" />
      <source>Add from parcels</source>
      <translation>从图斑添加</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="259" />
      <source>Add the ranges of a delivered layer (national or provincial) to this layer, with a field mapping (one undo step)</source>
      <translation>按字段对应关系将下发图层（国家级或省级）的范围添加到本图层（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="229" />
      <source>Add the selected parcels (DLTB) as ranges of this layer (one undo step)</source>
      <translation>将选中的图斑（DLTB）添加为本图层的范围（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="674" />
      <source>Add {table} ranges from parcels</source>
      <translation>从图斑添加 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="274" />
      <source>Adding photos failed: {error}</source>
      <translation>添加照片失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="691" />
      <source>All categories</source>
      <translation>全部类别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="696" />
      <source>All layers</source>
      <translation>全部图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="686" />
      <source>All severities</source>
      <translation>全部级别</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="276" />
      <source>Also list the problems accepted as exceptions</source>
      <translation>同时列出已接受为例外的问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="808" />
      <source>Angle off the parcel</source>
      <translation>偏离图斑角度</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="160" />
      <source>Apply</source>
      <translation>应用</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1004" />
      <source>Apply all fixes</source>
      <translation>全部修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="289" />
      <source>Apply all fixes…</source>
      <translation>全部修正…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="283" />
      <source>Apply fix</source>
      <translation>应用修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1005" />
      <source>Apply the proposed fix of all {count} conflicts? Each fix is one undo step of its layer; nothing is saved until you save the layers.</source>
      <translation>对全部 {count} 个冲突应用建议的修正？每个修正是其图层的一步撤销；保存图层之前不会写入数据。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="291" />
      <source>Apply the proposed fix of every listed conflict, after a confirmation</source>
      <translation>确认后对列出的每个冲突应用建议的修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="285" />
      <source>Apply the proposed fix of the selected conflict (one undo step)</source>
      <translation>对所选冲突应用建议的修正（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="194" />
      <source>Area (m²)</source>
      <translation>面积（m²）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="43" />
      <source>Areas</source>
      <translation>面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="781" />
      <source>Azimuth</source>
      <translation>方位角</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="160" />
      <source>Base imagery (DOM; several tiles form a mosaic)</source>
      <translation>基础影像（DOM；多个影像块组成镶嵌）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/batch_edit_dialog.py" line="34" />
      <source>Batch edit</source>
      <translation>批量编辑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="608" />
      <source>Batch edit {fields} on {n} parcels</source>
      <translation>在 {n} 个图斑上批量编辑 {fields}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="166" />
      <source>Batch edit…</source>
      <translation>批量编辑…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="554" />
      <source>Below the minimum mapping area: {parts}</source>
      <translation>小于最小上图面积：{parts}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="483" />
      <source>Build the review worklist</source>
      <translation>生成核查清单</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="524" />
      <source>Building the worklist…</source>
      <translation>正在生成核查清单…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="125" />
      <source>Builds ranges of a single layer (推(堆)土区 TTQ, 光伏板区 GFBQ, 拆除未尽区 CCWJQ, 工厂化种植 GCHZZ, …) from parcels: one range per parcel, or one per 坐落单位 (ZLDWDM) when dissolved. The output has the layer's schema; BSM continues after the parcels' BSMs (county code + sequence), YSDM is the layer's code, ZLDWDM, ZLDWMC and TBBH come from the parcels and the area field is the ellipsoidal area to 0.01 m².</source>
      <translation>由图斑生成单独图层（推(堆)土区 TTQ、光伏板区 GFBQ、拆除未尽区 CCWJQ、工厂化种植 GCHZZ 等）的范围：每个图斑一个范围，融合时每个坐落单位（ZLDWDM）一个范围。输出采用该图层的字段结构；标识码接续图斑的标识码编号（县级代码 + 顺序号），要素代码为该图层的代码，坐落单位代码、坐落单位名称和图斑编号取自图斑，面积字段为精确到 0.01 m² 的椭球面积。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1092" />
      <source>By method: {methods}.</source>
      <translation>按方法：{methods}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="793" />
      <source>Camera</source>
      <translation>相机</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="218" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="536" />
      <source>Cancelled.</source>
      <translation>已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="145" />
      <source>Cannot add the fields {names} to the photos layer in {path}.</source>
      <translation>无法向 {path} 中的照片图层添加字段 {names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="392" />
      <source>Cannot change the geometry of range {fid}.</source>
      <translation>无法修改范围 {fid} 的图形。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="119" />
      <source>Cannot create the photos layer in {path}: {error}</source>
      <translation>无法在 {path} 中创建照片图层：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="109" />
      <source>Cannot create {table} in {path}: {error}</source>
      <translation>无法在 {path} 中创建 {table}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="387" />
      <source>Cannot delete range {fid}.</source>
      <translation>无法删除范围 {fid}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="187" />
      <source>Cannot load the style {name}: {error}</source>
      <translation>无法加载样式 {name}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="279" />
      <source>Cannot number the new range: its parcels have neither a ZLDWDM nor a BSM that gives the 6-digit county code.</source>
      <translation>无法为新范围编号：其图斑既无坐落单位代码，也无可给出 6 位县级代码的标识码。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="135" />
      <source>Cannot open the photos layer in {path}.</source>
      <translation>无法打开 {path} 中的照片图层。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="179" />
      <source>Cannot store the style in {path}: {error}</source>
      <translation>无法将样式保存到 {path}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="126" />
      <source>Cannot transform the layer extent from {crs} to CGCS2000: {error}</source>
      <translation>无法将图层范围从 {crs} 转换到 CGCS2000：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/image_chips.py" line="164" />
      <source>Cannot write the image chip {path}</source>
      <translation>无法写入影像切片 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="115" />
      <source>Cannot write {path}: {error}</source>
      <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="91" />
      <source>Changes against the previous year</source>
      <translation>与上年相比的变化</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="188" />
      <source>Check again the parcels selected in the parcel layer; other results are kept</source>
      <translation>重新检查地类图斑图层中选中的图斑；其他结果保留</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="277" />
      <source>Check consistency</source>
      <translation>检查一致性</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="966" />
      <source>Check findings</source>
      <translation>检查结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="117" />
      <source>Check parcels and single layers</source>
      <translation>检查图斑和单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="182" />
      <source>Check the layers below with every rule of the survey profile</source>
      <translation>用调查方案的全部规则检查下列图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="93" />
      <source>Check the survey layers with every rule of the profile; results in the dock</source>
      <translation>用方案的全部规则检查调查图层，结果显示在面板中</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="111" />
      <source>Check the text of {names}: the encoding could not be verified.</source>
      <translation>请检查 {names} 的文字：无法确认其编码。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="856" />
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="863" />
      <source>Checks cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="603" />
      <source>Choose a single layer that is in the project.</source>
      <translation>请选择工程中已有的单独图层。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="446" />
      <source>Choose the parcel layer (DLTB) first.</source>
      <translation>请先选择地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="452" />
      <source>Choose the parcel layer (DLTB) under “Layers to check”.</source>
      <translation>请在“待检查图层”中选择地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="276" />
      <source>Choose the parcel layer (DLTB).</source>
      <translation>请选择地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="313" />
      <source>Clear mark</source>
      <translation>清除标记</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="315" />
      <source>Click a camera on the map: its photo opens and its parcel is selected</source>
      <translation>在地图上点击相机：打开其照片并选中其图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="279" />
      <source>Compare the ranges with the parcels and last year's parcels</source>
      <translation>将范围与本年及上年度图斑对照</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="173" />
      <source>Compute areas of a layer…</source>
      <translation>计算图层面积…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="38" />
      <source>Compute parcel areas (TBMJ, KCMJ, TBDLMJ)</source>
      <translation>计算图斑面积（TBMJ、KCMJ、TBDLMJ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="809" />
      <source>Confidence</source>
      <translation>置信度</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="792" />
      <source>Copy feature key</source>
      <translation>复制要素标识</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="146" />
      <source>County boundary (XZQ)</source>
      <translation>行政区（XZQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="192" />
      <source>County database</source>
      <translation>县级数据库</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="635" />
      <source>County terrace coefficient table</source>
      <translation>县级田坎系数表</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="221" />
      <source>Create layer</source>
      <translation>创建图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="223" />
      <source>Create the missing layer in the parcels' GeoPackage, with the profile's fields</source>
      <translation>在地类图斑所在的 GeoPackage 中按方案字段创建缺少的图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="263" />
      <source>Create worklist</source>
      <translation>生成清单</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="643" />
      <source>Created {table} in {file}</source>
      <translation>已在 {file} 中创建 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="41" />
      <source>Cultivated land</source>
      <translation>耕地</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="461" />
      <source>Cultivated land lost</source>
      <translation>流出耕地</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="989" />
      <source>Current imagery</source>
      <translation>当前影像</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="244" />
      <source>Cut the selected parcels out of this layer's ranges (one undo step)</source>
      <translation>从本图层的范围中扣除选中的图斑（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="286" />
      <source>Cuts the mask polygons out of the ranges of a single layer. Each range keeps its attributes; its area field (the one field named …MJ) is recomputed as the ellipsoidal area to 0.01 m². Parts left smaller than the minimum area (ellipsoidal m²) are dropped, and a range with nothing left is not written.</source>
      <translation>从单独图层的范围中扣除掩膜多边形。每个范围保留其属性；其面积字段（唯一以 MJ 结尾的字段）重新计算为精确到 0.01 m² 的椭球面积。剩余部分小于最小面积（椭球面积 m²）的将被舍去，完全扣除的范围不再输出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="202" />
      <source>Date field of the footprints (found by type or name when empty)</source>
      <translation>影像范围的日期字段（为空时按类型或名称查找）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="236" />
      <source>Digitise</source>
      <translation>数字化</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="162" />
      <source>Digitise on DLTB</source>
      <translation>在 DLTB 上数字化</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="584" />
      <source>Digitising on {layer}: snapping to vertices and segments, topological editing, no overlaps, tracing. Switch off to restore your settings.</source>
      <translation>在 {layer} 上数字化：捕捉节点和线段、拓扑编辑、避免重叠、追踪。关闭即恢复您原来的设置。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="231" />
      <source>Dissolve</source>
      <translation>融合</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="158" />
      <source>Dissolve the parcels of each ZLDWDM</source>
      <translation>按坐落单位代码融合图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="806" />
      <source>Distance</source>
      <translation>距离</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="250" />
      <source>Draw a polygon on the map (left click: vertex, right click: finish, Esc: cancel) and cut it out of this layer's ranges (one undo step)</source>
      <translation>在地图上绘制多边形（左键：节点，右键：完成，Esc：取消），并从本图层的范围中扣除（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="238" />
      <source>Draw a range on the map, snapping to the parcels (DLTB)</source>
      <translation>在地图上绘制范围，捕捉到地类图斑（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="790" />
      <source>Draw the polygon to erase: left click adds a vertex, right click finishes.</source>
      <translation>绘制要删除的多边形：左键添加节点，右键完成。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="503" />
      <source>Edit parcel {key}</source>
      <translation>编辑图斑 {key}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="145" />
      <source>Edit the selected parcel with the national schema and code lists, checked as you type; batch edit the selection (one undo step each)</source>
      <translation>按国家标准结构和代码表编辑所选图斑，输入时即检查；批量编辑所选图斑（每次一个撤销步骤）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="578" />
      <source>End of the worklist.</source>
      <translation>已到清单末尾。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="283" />
      <source>Erase from a single layer</source>
      <translation>从单独图层中扣除</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1075" />
      <source>Erase the range over the parcels</source>
      <translation>删除压盖图斑的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="248" />
      <source>Erase under drawn polygon</source>
      <translation>删除绘制多边形下的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="242" />
      <source>Erase under selection</source>
      <translation>删除所选图斑下的范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="825" />
      <source>Erase {table} ranges under a drawn polygon</source>
      <translation>删除绘制多边形下的 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="746" />
      <source>Erase {table} ranges under parcels</source>
      <translation>删除图斑下的 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="366" />
      <source>Error layer (GeoPackage)…</source>
      <translation>错误图层（GeoPackage）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="191" />
      <source>Evidence photos</source>
      <translation>举证照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="186" />
      <source>Evidence photos (a folder, or a photo point layer)</source>
      <translation>举证照片（文件夹或照片点图层）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="370" />
      <source>Excel table (XLSX)…</source>
      <translation>Excel 表格（XLSX）…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="231" />
      <source>Excel workbook</source>
      <translation>Excel 工作簿</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="1015" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="232" />
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="192" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="246" />
      <source>Expression</source>
      <translation>表达式</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="150" />
      <source>Factory farming ranges (GCHZZ)</source>
      <translation>工厂化种植范围（GCHZZ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="899" />
      <source>Failed rules (see the Land Survey log):</source>
      <translation>执行失败的规则（详见 Land Survey 日志）：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="123" />
      <source>Feature {fid}: {problem}; its areas are left unchanged.</source>
      <translation>要素 {fid}：{problem}；其面积保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="310" />
      <source>Field visit</source>
      <translation>外业核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="771" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="201" />
      <source>FileGDB (.gdb) or folder of shapefiles</source>
      <translation>FileGDB（.gdb）或 shapefile 文件夹</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="153" />
      <source>File…</source>
      <translation>文件…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1078" />
      <source>Fix by hand</source>
      <translation>人工修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1028" />
      <source>Fix {rule} of {key}</source>
      <translation>修正 {key} 的 {rule}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="980" />
      <source>Folder of evidence photos</source>
      <translation>举证照片文件夹</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="96" />
      <source>Folder of photos (searched recursively)</source>
      <translation>照片文件夹（含子文件夹）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="156" />
      <source>Folder…</source>
      <translation>文件夹…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="194" />
      <source>Footprints of the base imagery with their dates (DOM mosaic pieces)</source>
      <translation>基础影像范围及其日期（DOM 镶嵌块）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="92" />
      <source>From an expression</source>
      <translation>按表达式</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="90" />
      <source>From check results</source>
      <translation>按检查结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="93" />
      <source>From the selection</source>
      <translation>按所选要素</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/report_files.py" line="224" />
      <source>GDAL has no XLSX driver: cannot write {path}</source>
      <translation>GDAL 没有 XLSX 驱动，无法写入 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="948" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="194" />
      <source>GeoPackage or shapefile (*.gpkg *.shp)</source>
      <translation>GeoPackage 或 shapefile (*.gpkg *.shp)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="976" />
      <source>HTML (*.html)</source>
      <translation>HTML (*.html)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="223" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="222" />
      <source>HTML report</source>
      <translation>HTML 报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="369" />
      <source>HTML report…</source>
      <translation>HTML 报告…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="527" />
      <source>Imagery {path}: acquired {date} ({how}).</source>
      <translation>影像 {path}：获取于 {date}（{how}）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="796" />
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="102" />
      <source>Import evidence photos</source>
      <translation>导入举证照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="301" />
      <source>Import photos…</source>
      <translation>导入照片…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/import_ranges_dialog.py" line="35" />
      <source>Import ranges into {table}</source>
      <translation>导入范围到 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="172" />
      <source>Import the county's terrace coefficient (KCXS) table, CSV or XLSX</source>
      <translation>导入本县田坎系数（KCXS）表，CSV 或 XLSX</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="886" />
      <source>Import {table} ranges from {layer}</source>
      <translation>从 {layer} 导入 {table} 范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="257" />
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="194" />
      <source>In the project</source>
      <translation>工程中</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="358" />
      <source>Install these Python packages for QGIS's Python, then restart QGIS:
{lines}</source>
      <translation>请为 QGIS 的 Python 安装以下软件包，然后重新启动 QGIS：
{lines}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="437" />
      <source>Land Survey</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="60" />
      <source>Land Survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="357" />
      <source>Land Survey: missing dependencies</source>
      <translation>国土变更调查：缺少依赖</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="40" />
      <source>Land class</source>
      <translation>地类</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/provider.py" line="26" />
      <source>Land survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="994" />
      <source>Land survey check report: {layer}</source>
      <translation>国土变更调查检查报告：{layer}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="133" />
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
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="387" />
      <source>Link</source>
      <translation>关联</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="309" />
      <source>Link every photo to the parcel it shows; manual links are kept</source>
      <translation>将每张照片关联到其所拍摄的图斑；保留手工关联</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_links_store.py" line="311" />
      <source>Link evidence photos</source>
      <translation>关联举证照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1059" />
      <source>Link evidence photos to parcels</source>
      <translation>将举证照片关联到图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="307" />
      <source>Link photos</source>
      <translation>关联照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="389" />
      <source>Link this photo to the selected parcel (a manual link, kept by relinking)</source>
      <translation>将此照片关联到所选图斑（手工关联，重新关联时保留）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1050" />
      <source>Linking photos failed: {error}</source>
      <translation>关联照片失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="139" />
      <source>Linking was cancelled.</source>
      <translation>关联已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="67" />
      <source>Links each photo of a photo point layer to the parcel it documents: the parcel its file name carries (BSM), else the parcel the camera stands in, else the first parcel its view ray or wedge reaches within the maximum distance, else the nearest parcel within 50 m. Each link has its method, distance, angle off the parcel and a confidence. Manual links and unlinks stored beside the photos (table photo_links of the same GeoPackage) are kept. The output is a table without geometry.</source>
      <translation>将照片点图层中的每张照片关联到其举证的图斑：文件名中含有的图斑（BSM），否则为相机所在的图斑，否则为最大距离内视线或视域扇形首先到达的图斑，否则为 50 米内最近的图斑。每条关联记录方法、距离、偏离图斑角度和置信度。保留存放在照片旁（同一 GeoPackage 的 photo_links 表）的手工关联和取消关联。输出为无几何的表。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="182" />
      <source>Load</source>
      <translation>加载</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="155" />
      <source>Load DLTB, last year's DLTB, XZQ, CJDCQ and the single layers of a GeoPackage, FileGDB or shapefile folder, styled, in one group</source>
      <translation>将 GeoPackage、FileGDB 或 shapefile 文件夹中的 DLTB、上年 DLTB、XZQ、CJDCQ 和单独图层按样式加载到一个图层组</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="636" />
      <source>Loaded {table} from {file}</source>
      <translation>已从 {file} 加载 {table}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="721" />
      <source>Loading {name}…</source>
      <translation>正在加载 {name}…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Location (ZLDWDM)</source>
      <translation>坐落单位（ZLDWDM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="209" />
      <source>Location unit (ZLDWDM)</source>
      <translation>坐落单位（ZLDWDM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="259" />
      <source>Margin</source>
      <translation>边距</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="149" />
      <source>Mark</source>
      <translation>标记</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="301" />
      <source>Mask</source>
      <translation>掩膜</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="93" />
      <source>Maximum distance of the view ray (m)</source>
      <translation>视线最大距离（米）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="233" />
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
      <location filename="landsurvey_plugin/plugin.py" line="69" />
      <source>Missing dependencies…</source>
      <translation>缺少依赖…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="462" />
      <source>Missing fields: {names}.</source>
      <translation>缺少字段：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="459" />
      <source>New cultivated land</source>
      <translation>新增耕地</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="376" />
      <source>Next</source>
      <translation>下一张</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="305" />
      <source>Next parcel</source>
      <translation>下一个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="100" />
      <source>No KCXS field: KCMJ = 0 and TBDLMJ = TBMJ.</source>
      <translation>没有 KCXS 字段：KCMJ = 0，TBDLMJ = TBMJ。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="865" />
      <source>No checks run yet.</source>
      <translation>尚未运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="508" />
      <source>No layer of table {table} in the project</source>
      <translation>工程中没有 {table} 表的图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="610" />
      <source>No parcel layer (DLTB) in the project.</source>
      <translation>工程中没有地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="574" />
      <source>No parcel layer (DLTB) in the project; open a county database first.</source>
      <translation>工程中没有地类图斑图层（DLTB）；请先打开县级数据库。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/check_dataset.py" line="268" />
      <source>No parcel layer (DLTB) to check.</source>
      <translation>没有可检查的地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="540" />
      <source>No parcel matches: the worklist is unchanged.</source>
      <translation>没有符合条件的图斑：清单未改变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="122" />
      <source>No parcel selected.</source>
      <translation>未选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="445" />
      <source>No parcels selected in {layer}.</source>
      <translation>图层 {layer} 中没有选中的图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="709" />
      <source>No photo</source>
      <translation>无照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="653" />
      <source>No photo layer in the project: import a photo folder first.</source>
      <translation>工程中没有照片图层：请先导入照片文件夹。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="494" />
      <source>No previous-year parcel layer (e.g. DLTB_2023) in the project: the changes cannot be listed.</source>
      <translation>工程中没有上年地类图斑图层（如 DLTB_2023）：无法列出变化。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="331" />
      <source>No single area field (…MJ) found: areas are not written.</source>
      <translation>未找到唯一的面积字段（…MJ）：不写入面积。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="248" />
      <source>No survey profile is loaded.</source>
      <translation>未加载调查方案。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="447" />
      <source>No survey profile is loaded: the checks cannot run.</source>
      <translation>未加载调查方案，无法运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="659" />
      <source>No worklist.</source>
      <translation>无清单。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="826" />
      <source>No {table} range under the drawn polygon.</source>
      <translation>绘制的多边形下没有 {table} 范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="747" />
      <source>No {table} range under the selected parcels.</source>
      <translation>选中的图斑下没有 {table} 范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="116" />
      <source>Not found: {names}.</source>
      <translation>未找到：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="99" />
      <source>Not in CGCS2000 Gauss-Krüger: {names}.</source>
      <translation>不是 CGCS2000 高斯-克吕格投影：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="118" />
      <source>Not loaded: {names}.</source>
      <translation>未加载：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1021" />
      <source>Not placed or incomplete: {why} (details in the log).</source>
      <translation>未定位或不完整：{why}（详见日志）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="149" />
      <source>Note</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="296" />
      <source>Note for the mark (optional)</source>
      <translation>标记备注（可选）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="902" />
      <source>Notes:</source>
      <translation>说明：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="237" />
      <source>Number of errors</source>
      <translation>错误数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="238" />
      <source>Number of warnings</source>
      <translation>警告数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="39" />
      <source>Numbering and ownership</source>
      <translation>编号与权属</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="381" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="132" />
      <source>Open county database</source>
      <translation>打开县级数据库</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="152" />
      <source>Open county database…</source>
      <translation>打开县级数据库…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="989" />
      <source>Open the parcels (DLTB) first.</source>
      <translation>请先打开地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="383" />
      <source>Open the photo in the system's image viewer</source>
      <translation>用系统图片查看器打开照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="44" />
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="323" />
      <source>PHOTOS must be a photo folder or a point layer: {value}</source>
      <translation>PHOTOS 必须是照片文件夹或点图层：{value}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="88" />
      <source>Parcel</source>
      <translation>图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="149" />
      <source>Parcel (BSM)</source>
      <translation>图斑（BSM）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="62" />
      <source>Parcel layer (DLTB)</source>
      <translation>地类图斑图层（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="658" />
      <source>Parcel {bsm}: {count} linked photos</source>
      <translation>图斑 {bsm}：关联照片 {count} 张</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="221" />
      <source>Parcel {fid}: {problem}; left out.</source>
      <translation>图斑 {fid}：{problem}；已跳过。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="311" />
      <source>Parcel {key} (TBBH {tbbh})</source>
      <translation>图斑 {key}（图斑编号 {tbbh}）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="327" />
      <source>Parcel {key} has values that are not applied. Apply them?</source>
      <translation>图斑 {key} 有未应用的值。是否应用？</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="619" />
      <source>Parcel {key} is no longer in {layer}.</source>
      <translation>图斑 {key} 已不在 {layer} 中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="237" />
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
      <location filename="landsurvey_plugin/processing/link_photos.py" line="83" />
      <source>Photo layer</source>
      <translation>照片图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="100" />
      <source>Photo links</source>
      <translation>照片关联</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="107" />
      <source>Photos</source>
      <translation>照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="103" />
      <source>Photos linked</source>
      <translation>已关联照片数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="104" />
      <source>Photos not linked</source>
      <translation>未关联照片数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="121" />
      <source>Photos not placed</source>
      <translation>未定位照片数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="120" />
      <source>Photos placed</source>
      <translation>已定位照片数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="119" />
      <source>Photos read</source>
      <translation>已读取照片数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="113" />
      <source>Photos that could not be placed</source>
      <translation>无法定位的照片</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="148" />
      <source>Photovoltaic panel ranges (GFBQ)</source>
      <translation>光伏板区范围（GFBQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="313" />
      <source>Pick camera</source>
      <translation>拾取相机</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="788" />
      <source>Position</source>
      <translation>位置</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="370" />
      <source>Previous</source>
      <translation>上一张</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="989" />
      <source>Previous imagery</source>
      <translation>前时相影像</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="165" />
      <source>Previous imagery (前时相)</source>
      <translation>前时相影像（前时相）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="303" />
      <source>Previous parcel</source>
      <translation>上一个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="145" />
      <source>Previous year's parcel layer (DLTB)</source>
      <translation>上年度地类图斑图层（DLTB）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="443" />
      <source>Previous year: no parcel</source>
      <translation>上年：无图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="451" />
      <source>Previous year: {code} {name}</source>
      <translation>上年：{code} {name}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="266" />
      <source>Previous year: {value}</source>
      <translation>上年：{value}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="302" />
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_model.py" line="80" />
      <source>Problem / feature</source>
      <translation>问题 / 要素</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="302" />
      <source>Proposed fix</source>
      <translation>建议修正</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="353" />
      <source>Range {fid}: {problem}; copied unchanged.</source>
      <translation>范围 {fid}：{problem}；原样复制。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="194" />
      <source>Ranges</source>
      <translation>范围数</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/import_ranges_dialog.py" line="38" />
      <source>Ranges of a delivered layer (national or provincial) are added to {layer} as one undo step. Fields left empty are not imported; BSM, YSDM and the area are then computed.</source>
      <translation>下发图层（国家级或省级）的范围将作为一步撤销添加到 {layer}。留空的字段不导入；标识码、要素代码和面积将自动计算。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="186" />
      <source>Re-check selection</source>
      <translation>重新检查所选</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="303" />
      <source>Read the position, direction and time of every photo in a folder (recursive)</source>
      <translation>读取文件夹（含子文件夹）中每张照片的位置、方向和时间</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="77" />
      <source>Reads the EXIF headers (never the image data) of the JPEG, TIFF, HEIC, PNG and WebP files in a folder and its subfolders: GPS position, altitude, image direction (GPSImgDirection, T or M; for drones the XMP gimbal or flight yaw), time, make, model, orientation. Every photo is written to the output; a photo whose position cannot be used has no geometry and its exact reason in the field reason (no EXIF, GPS block empty, zero denominator, latitude without longitude, out of range, truncated or unreadable file…). Positions are read as CGCS2000 (EPSG:4490; WGS 84 differs by centimetres) and written in the target CRS, by default the project CRS.</source>
      <translation>读取文件夹及其子文件夹中 JPEG、TIFF、HEIC、PNG 和 WebP 文件的 EXIF 头（从不读取影像数据）：GPS 位置、高程、拍摄方向（GPSImgDirection，T 或 M；无人机取 XMP 云台或飞行偏航角）、时间、厂商、型号、方向。每张照片都写入输出；位置不可用的照片无几何，其确切原因写在 reason 字段（无 EXIF、GPS 块为空、分母为零、有纬度无经度、超出范围、文件截断或无法读取……）。位置按 CGCS2000（EPSG:4490；与 WGS 84 相差厘米级）读取，并写入目标坐标系，默认为工程坐标系。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="97" />
      <source>Recompute areas of selected parcels</source>
      <translation>重算所选图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="452" />
      <source>Recompute parcel areas</source>
      <translation>重算图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="47" />
      <source>Recomputes the parcel area TBMJ as the ellipsoidal area on CGCS2000 (the series of the 国土调查 technical rules), rounded half away from zero to 0.01 m², and derives KCMJ = TBMJ × KCXS and TBDLMJ = TBMJ − KCMJ. Layers in CGCS2000 Gauss-Krüger (EPSG:4513–4554, with or without zone prefix) are used directly; other CRSs are transformed first and a warning says so. Parcels with invalid or empty geometry or an unusable KCXS keep their values and are listed in the log.</source>
      <translation>按国土调查技术规程的椭球面积公式在 CGCS2000 椭球上重算图斑面积 TBMJ，四舍五入到 0.01 平方米，并计算 KCMJ = TBMJ × KCXS、TBDLMJ = TBMJ − KCMJ。CGCS2000 高斯-克吕格投影（EPSG:4513–4554，带或不带带号）的图层直接计算；其他坐标系先进行转换并给出警告。几何无效、为空或 KCXS 不可用的图斑保留原值，并在日志中列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="323" />
      <source>Record why the selected problems are acceptable; they leave the open list</source>
      <translation>记录所选问题可以接受的理由；它们将移出待处理列表</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_form.py" line="42" />
      <source>Refinement and attributes</source>
      <translation>细化与属性</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="313" />
      <source>Remaining ranges</source>
      <translation>剩余范围</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="327" />
      <source>Remove exception</source>
      <translation>取消例外</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="395" />
      <source>Remove the link of this photo to the selected parcel (kept by relinking)</source>
      <translation>删除此照片与所选图斑的关联（重新关联时保留）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="511" />
      <source>Replace the worklist</source>
      <translation>替换清单</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="163" />
      <source>Revert</source>
      <translation>还原</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1077" />
      <source>Review the parcel class (by hand)</source>
      <translation>核查图斑地类（人工）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="204" />
      <source>Review worklist</source>
      <translation>核查清单</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="308" />
      <source>Reviewed</source>
      <translation>已核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="302" />
      <source>Rule</source>
      <translation>规则</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="548" />
      <source>Rule {rule} failed: {error}</source>
      <translation>规则 {rule} 执行失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="553" />
      <source>Rule {rule} skipped: {reason}</source>
      <translation>规则 {rule} 已跳过：{reason}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="490" />
      <source>Rules broken</source>
      <translation>违反的规则</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="180" />
      <source>Run checks</source>
      <translation>运行检查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="126" />
      <source>Runs the rules of the survey profile (geometry, topology, attributes, areas, changes against the previous year, single layers) over the parcel layer and the optional layers, and writes one error layer (a polygon per finding, NULL geometry for findings without a place), optionally an HTML report and an Excel workbook. All layers are read in the parcels' Gauss-Krüger CRS, which is also the CRS of the error layer. Rules whose layers or fields are missing are skipped and listed in the log.</source>
      <translation>用调查方案的规则（图形、拓扑、属性、面积、与上年度的变化、单独图层）检查地类图斑图层及可选图层，输出一个错误图层（每个问题一个面，无位置的问题几何为空），并可输出 HTML 报告和 Excel 工作簿。所有图层均按地类图斑的高斯-克吕格坐标系读取，错误图层也采用该坐标系。缺少图层或字段的规则将被跳过并记入日志。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="948" />
      <source>Save the error layer</source>
      <translation>保存错误图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="194" />
      <source>Save the open problems as an error layer or a report</source>
      <translation>将待处理问题保存为错误图层或报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="976" />
      <source>Save the report</source>
      <translation>保存报告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="1015" />
      <source>Save the table</source>
      <translation>保存表格</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="936" />
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="103" />
      <source>Schema fields missing or mistyped in: {names}.</source>
      <translation>以下图层的结构字段缺失或类型不符：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="273" />
      <source>Search BSM, message, rule, ZLDWDM…</source>
      <translation>搜索标识码、说明、规则、坐落单位代码…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="655" />
      <source>Select a parcel (DLTB) to see its photos.</source>
      <translation>选择一个图斑（DLTB）以查看其照片。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="439" />
      <source>Select parcels in a polygon layer (DLTB) first.</source>
      <translation>请先在面图层（DLTB）中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="487" />
      <source>Select parcels in {layer} first.</source>
      <translation>请先在 {layer} 中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="588" />
      <source>Select the parcels to edit first.</source>
      <translation>请先选择要编辑的图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/batch_edit_dialog.py" line="37" />
      <source>Set the checked fields on the {n} selected parcel(s), in one undo step. Names, cultivated-land fields, KCXS and areas follow; a parcel the change would break is left as it is and listed.</source>
      <translation>在所选 {n} 个图斑上设置勾选的字段，作为一个撤销步骤。名称、耕地字段、KCXS 和面积随之更新；会因此违反规则的图斑保持不变并列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="274" />
      <source>Show accepted</source>
      <translation>显示已接受</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="153" />
      <source>Single layer</source>
      <translation>单独图层</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="152" />
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
      <location filename="landsurvey_plugin/gui/results_dock.py" line="896" />
      <source>Skipped rules:</source>
      <translation>跳过的规则：</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="165" />
      <source>Snapping to DLTB vertices and segments, topological editing, avoid overlaps, tracing; off again restores your own settings</source>
      <translation>捕捉 DLTB 节点和线段、拓扑编辑、避免重叠、追踪；再次关闭即恢复您自己的设置</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="147" />
      <source>Soil pushing/piling ranges (TTQ)</source>
      <translation>推(堆)土区范围（TTQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="243" />
      <source>Source</source>
      <translation>来源</translation>
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
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="255" />
      <source>Space shown around the parcel on each side, as a share of its size</source>
      <translation>图斑四周留出的范围，占图斑大小的比例</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="519" />
      <source>Start editing</source>
      <translation>开始编辑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="578" />
      <source>Start of the worklist.</source>
      <translation>已到清单开头。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="220" />
      <source>Stop the checks; the previous results stay</source>
      <translation>停止检查；保留上次结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="211" />
      <source>Survey profile</source>
      <translation>调查方案</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="390" />
      <source>Survey profile: {id} ({title})</source>
      <translation>调查方案：{id}（{title}）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="100" />
      <source>TBMJ, KCMJ and TBDLMJ of the selected parcels from their ellipsoidal area (one undo step)</source>
      <translation>按椭球面积重算所选图斑的 TBMJ、KCMJ 和 TBDLMJ（一步撤销）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="194" />
      <source>Table</source>
      <translation>表名</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="635" />
      <source>Tables (*.csv *.xlsx)</source>
      <translation>表格 (*.csv *.xlsx)</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="773" />
      <source>Taken</source>
      <translation>拍摄时间</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="102" />
      <source>Target CRS (default: project CRS)</source>
      <translation>目标坐标系（默认：工程坐标系）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="169" />
      <source>Terrace coefficients…</source>
      <translation>田坎系数…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="558" />
      <source>The accepted exceptions could not be read: {error}</source>
      <translation>无法读取已接受的例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="467" />
      <source>The check results name no parcel: run the checks first.</source>
      <translation>检查结果中没有图斑：请先运行检查。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="419" />
      <source>The check was cancelled.</source>
      <translation>检查已取消。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="444" />
      <source>The checks are already running.</source>
      <translation>检查正在运行中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="861" />
      <source>The checks failed: {error}</source>
      <translation>检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="512" />
      <source>The current worklist has {count} marked parcels. Replace it?</source>
      <translation>当前清单有 {count} 个已标记的图斑。是否替换？</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="626" />
      <source>The exception could not be removed: {error}</source>
      <translation>无法取消该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="609" />
      <source>The exception could not be saved: {error}</source>
      <translation>无法保存该例外：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="943" />
      <source>The export failed: {error}</source>
      <translation>导出失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/worklist_store.py" line="216" />
      <source>The expression is not valid: {error}</source>
      <translation>表达式无效：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/worklist_store.py" line="226" />
      <source>The expression names fields {layer} does not have: {fields}</source>
      <translation>表达式使用了 {layer} 没有的字段：{fields}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="249" />
      <source>The imagery date {name} cannot be used: {error}</source>
      <translation>影像日期 {name} 无法使用：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="522" />
      <source>The imagery {name} cannot be used: {error}</source>
      <translation>影像 {name} 无法使用：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="891" />
      <source>The last run failed: {error}</source>
      <translation>上次检查失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="889" />
      <source>The last run was cancelled; these are the previous results.</source>
      <translation>上次检查已取消；以下为之前的结果。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="529" />
      <source>The layer cannot be edited.</source>
      <translation>该图层无法编辑。</translation>
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
      <location filename="landsurvey_plugin/plugin.py" line="466" />
      <source>The layer is not in CGCS2000 Gauss-Krüger; it was transformed.</source>
      <translation>该图层不是 CGCS2000 高斯-克吕格投影，已先进行坐标转换。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/parcel_areas.py" line="142" />
      <source>The layer {name} cannot be edited (read-only source).</source>
      <translation>图层 {name} 无法编辑（数据源只读）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="211" />
      <source>The layer {name} has unsaved edits: save or discard them before importing.</source>
      <translation>图层 {name} 有未保存的编辑：导入前请先保存或放弃。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="520" />
      <source>The layer {name} is not in edit mode. Start editing it to apply?</source>
      <translation>图层 {name} 不在编辑状态。开始编辑并应用？</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="315" />
      <source>The layer {name} refused the new ranges.</source>
      <translation>图层 {name} 拒绝了新范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="645" />
      <source>The layer {table} could not be created.</source>
      <translation>无法创建图层 {table}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="108" />
      <source>The layer's coordinates are not degrees but its CRS ({crs}) is geographic; assign the right CGCS2000 Gauss-Kruger CRS (EPSG:4513-4554).</source>
      <translation>图层坐标不是经纬度，但其坐标系（{crs}）是地理坐标系；请指定正确的 CGCS2000 高斯-克吕格投影（EPSG:4513-4554）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="149" />
      <source>The manual links could not be read: {error}</source>
      <translation>无法读取手工关联：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="117" />
      <source>The new table {table} in {path} cannot be opened.</source>
      <translation>无法打开 {path} 中新建的表 {table}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="377" />
      <source>The next photo (→)</source>
      <translation>下一张照片（→）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="491" />
      <source>The parcel breaks {n} rule(s):
{messages}

Apply anyway?</source>
      <translation>该图斑违反 {n} 条规则：
{messages}

仍然应用？</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="631" />
      <source>The parcel layer (DLTB) is not in a GeoPackage.</source>
      <translation>地类图斑图层（DLTB）不在 GeoPackage 中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/workspace.py" line="35" />
      <source>The parcels are not in a GeoPackage and the project has not been saved: save the project first, the workspace GeoPackage is created beside it.</source>
      <translation>图斑不在 GeoPackage 中且工程尚未保存：请先保存工程，工作空间 GeoPackage 将创建在工程旁。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="743" />
      <source>The photo file {name} is empty (0 bytes).</source>
      <translation>照片文件 {name} 为空（0 字节）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="740" />
      <source>The photo file {path} is missing (moved or deleted since the import).</source>
      <translation>照片文件 {path} 不存在（导入后被移动或删除）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="207" />
      <source>The photo folder {folder} does not exist.</source>
      <translation>照片文件夹 {folder} 不存在。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1007" />
      <source>The photo import stopped: {error}</source>
      <translation>照片导入中止：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="626" />
      <source>The photo links cannot be read: {error}</source>
      <translation>无法读取照片关联：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="750" />
      <source>The photo {name} cannot be shown: the JPEG data is damaged or incomplete ({detail}).</source>
      <translation>无法显示照片 {name}：JPEG 数据损坏或不完整（{detail}）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="745" />
      <source>The photo {name} is in a format ({suffix}) this QGIS cannot display; its position and direction were still read. Open it in the system viewer.</source>
      <translation>照片 {name} 的格式（{suffix}）本 QGIS 无法显示；其位置和方向已读取。请用系统查看器打开。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="189" />
      <source>The photos layer {name} cannot be written.</source>
      <translation>无法写入照片图层 {name}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="77" />
      <source>The plugin needs: {missing}. See Plugins ▸ Land Survey ▸ Missing dependencies.</source>
      <translation>插件需要：{missing}。详见 插件 ▸ 国土变更调查 ▸ 缺少依赖。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="371" />
      <source>The previous photo (←)</source>
      <translation>上一张照片（←）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="183" />
      <source>The profile {profile} has no single layer {layer}.</source>
      <translation>方案 {profile} 中没有单独图层 {layer}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="329" />
      <source>The selected accepted problems become open again</source>
      <translation>所选已接受的问题将重新列为待处理</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="385" />
      <source>The survey profile {id} cannot be loaded: {error}</source>
      <translation>无法加载调查方案 {id}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="194" />
      <source>The survey profile {profile} cannot be loaded: {error}</source>
      <translation>无法加载调查配置 {profile}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="137" />
      <source>The table photos in {path} is not a point layer: rename it, the import will create its own.</source>
      <translation>{path} 中的 photos 表不是点图层：请重命名，导入将创建自己的图层。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="83" />
      <source>The table {table} exists already in {path}; it is not overwritten.</source>
      <translation>{path} 中已有表 {table}，不会覆盖。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="534" />
      <source>The worklist could not be built: {error}</source>
      <translation>无法生成清单：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="572" />
      <source>The worklist is empty: create one first.</source>
      <translation>清单为空：请先生成清单。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="612" />
      <source>The worklist's parcel layer is not in the project any more.</source>
      <translation>清单的图斑图层已不在工程中。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="326" />
      <source>Unapplied values</source>
      <translation>未应用的值</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="323" />
      <source>Unapplied values of parcel {fid} kept.</source>
      <translation>已保留图斑 {fid} 未应用的值。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="149" />
      <source>Unfinished demolition ranges (CCWJQ)</source>
      <translation>拆除未尽区范围（CCWJQ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="264" />
      <source>Unknown survey profile {value}.</source>
      <translation>未知的调查方案 {value}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="100" />
      <source>Unknown value {value}.</source>
      <translation>未知的值 {value}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="393" />
      <source>Unlink</source>
      <translation>取消关联</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="268" />
      <source>Updating the photos layer failed: {error}</source>
      <translation>更新照片图层失败：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="133" />
      <source>Walk a list of parcels with the keyboard (Ctrl+Alt+. / Ctrl+Alt+,), mark each reviewed or needing a field visit; kept with the project</source>
      <translation>用键盘逐个查看图斑清单（Ctrl+Alt+. / Ctrl+Alt+,），标记已核查或需外业核查；随工程保存</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="149" />
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="573" />
      <source>Why are these {count} problems acceptable? The reason is stored with the data.</source>
      <translation>为什么这 {count} 个问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="577" />
      <source>Why is this problem acceptable? The reason is stored with the data.</source>
      <translation>为什么该问题可以接受？理由将与数据一同保存。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="312" />
      <source>Worklist: clear the parcel's mark</source>
      <translation>核查清单：清除图斑标记</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="310" />
      <source>Worklist: mark the parcel as needing a field visit</source>
      <translation>核查清单：标记图斑需外业核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="307" />
      <source>Worklist: mark the parcel reviewed</source>
      <translation>核查清单：标记图斑已核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="305" />
      <source>Worklist: next parcel</source>
      <translation>核查清单：下一个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="303" />
      <source>Worklist: previous parcel</source>
      <translation>核查清单：上一个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="473" />
      <source>Write an expression first.</source>
      <translation>请先输入表达式。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="790" />
      <source>Zoom to problem</source>
      <translation>缩放到问题</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="362" />
      <source>camera and view wedge</source>
      <translation>相机与视域</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1103" />
      <source>camera inside the parcel</source>
      <translation>相机位于图斑内</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1006" />
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="47" />
      <source>declared in the .cpg file</source>
      <translation>在 .cpg 文件中声明</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="48" />
      <source>declared in the DBF header</source>
      <translation>在 DBF 文件头中声明</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="49" />
      <source>detected from the text (no .cpg)</source>
      <translation>根据文字检测（无 .cpg）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1101" />
      <source>linked by hand</source>
      <translation>手工关联</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="775" />
      <source>magnetic north</source>
      <translation>磁北</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="504" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="504" />
      <source>missing (optional)</source>
      <translation>缺失（可选）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="580" />
      <source>missing: {names}</source>
      <translation>缺失：{names}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1105" />
      <source>nearest parcel</source>
      <translation>最近图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="98" />
      <source>needs field visit</source>
      <translation>需外业核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="102" />
      <source>new parcel</source>
      <translation>新图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="100" />
      <source>no CRS</source>
      <translation>无坐标系</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_store.py" line="362" />
      <source>no direction</source>
      <translation>无方向</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="67" />
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="801" />
      <source>not linked to parcel {bsm}</source>
      <translation>未关联到图斑 {bsm}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="374" />
      <source>optional</source>
      <translation>可选</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="664" />
      <source>parcel {position} of {total}</source>
      <translation>第 {position} / {total} 个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="776" />
      <source>reference unknown</source>
      <translation>参照未知</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="98" />
      <source>reviewed</source>
      <translation>已核查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1106" />
      <source>the file name carries the parcel's BSM</source>
      <translation>文件名含有图斑的 BSM</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1104" />
      <source>the view direction hits the parcel</source>
      <translation>视线方向指向该图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="775" />
      <source>true north</source>
      <translation>真北</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="530" />
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="753" />
      <source>unknown error</source>
      <translation>未知错误</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="73" />
      <source>{added} added, {updated} updated, {unchanged} unchanged.</source>
      <translation>新增 {added}，更新 {updated}，未变 {unchanged}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="548" />
      <source>{area:.2f} m² of {dlbm} (minimum {minimum:g} m²)</source>
      <translation>{dlbm} {area:.2f} 平方米（最小 {minimum:g} 平方米）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="612" />
      <source>{changed} parcel(s) changed, {unchanged} already so, {refused} refused.</source>
      <translation>{changed} 个图斑已修改，{unchanged} 个已是该值，{refused} 个被拒绝。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="456" />
      <source>{changed} parcels updated, {unchanged} already correct, {skipped} skipped.</source>
      <translation>已更新 {changed} 个图斑，{unchanged} 个原本正确，跳过 {skipped} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1042" />
      <source>{count} conflicts are fixed by hand: {keys}</source>
      <translation>{count} 个冲突需人工修正：{keys}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="582" />
      <source>{count} conflicts with the parcels</source>
      <translation>与图斑的冲突 {count} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="358" />
      <source>{count} finding(s) accepted as exceptions are left out.</source>
      <translation>已接受为例外的 {count} 个问题未列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="478" />
      <source>{count} finding(s): {errors} error(s), {warnings} warning(s).</source>
      <translation>共 {count} 个问题：错误 {errors} 个，警告 {warnings} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="464" />
      <source>{count} findings</source>
      <translation>{count} 个检查结果</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="1040" />
      <source>{count} fixes applied.</source>
      <translation>已应用 {count} 个修正。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="409" />
      <source>{count} layer(s) read, checking …</source>
      <translation>已读取 {count} 个图层，正在检查…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="95" />
      <source>{count} layers of {path} loaded in the group {group}.</source>
      <translation>已将 {path} 的 {count} 个图层加载到图层组 {group}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="155" />
      <source>{count} manual link(s)/unlink(s) kept.</source>
      <translation>保留 {count} 条手工关联/取消关联。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="545" />
      <source>{count} parcels on the worklist.</source>
      <translation>清单中有 {count} 个图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="150" />
      <source>{count} parcels processed, {skipped} left unchanged.</source>
      <translation>已处理 {count} 个图斑，{skipped} 个保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="686" />
      <source>{count} parcels skipped (see the Land Survey log).</source>
      <translation>跳过 {count} 个图斑（详见 Land Survey 日志）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="312" />
      <source>{count} photo(s) read from {folder}.</source>
      <translation>从 {folder} 读取 {count} 张照片。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="218" />
      <source>{count} polygon tables found in {path}.</source>
      <translation>在 {path} 中找到 {count} 个面表。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="873" />
      <source>{count} ranges skipped (see the Land Survey log).</source>
      <translation>跳过 {count} 个范围（详见 Land Survey 日志）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="883" />
      <source>{count} rules failed</source>
      <translation>{count} 条规则执行失败</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="881" />
      <source>{count} rules skipped</source>
      <translation>{count} 条规则已跳过</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/worklist_store.py" line="205" />
      <source>{count} selected parcels</source>
      <translation>所选 {count} 个图斑</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="886" />
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
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="430" />
      <source>{errors} error(s), {warnings} warning(s)</source>
      <translation>{errors} 个错误，{warnings} 个警告</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="871" />
      <source>{errors} errors, {warnings} warnings, {accepted} accepted</source>
      <translation>错误 {errors} 个，警告 {warnings} 个，已接受 {accepted} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/single_layers.py" line="395" />
      <source>{kept} ranges written ({changed} cut), {removed} erased completely.</source>
      <translation>输出 {kept} 个范围（其中 {changed} 个被裁切），{removed} 个被完全扣除。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="699" />
      <source>{layer} cannot be edited.</source>
      <translation>{layer} 不可编辑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/worklist_store.py" line="286" />
      <source>{layer} has no field {field}: the class changes cannot be listed.</source>
      <translation>{layer} 没有字段 {field}：无法列出地类变化。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1085" />
      <source>{linked} of {photos} photos linked to parcels.</source>
      <translation>{photos} 张照片中有 {linked} 张已关联到图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/link_photos.py" line="175" />
      <source>{linked} of {total} photo(s) linked ({methods}).</source>
      <translation>{total} 张照片中已关联 {linked} 张（{methods}）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="169" />
      <source>{mark} at {time}</source>
      <translation>{mark}，{time}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="933" />
      <source>{name} is not linked to any parcel.</source>
      <translation>{name} 未关联到任何图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="157" />
      <source>{n} files without a photo suffix were not read.</source>
      <translation>{n} 个没有照片扩展名的文件未读取。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/photo_dock.py" line="1094" />
      <source>{n} manual decisions kept.</source>
      <translation>保留 {n} 个手工决定。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="79" />
      <source>{n} no longer in the folder (kept, marked).</source>
      <translation>{n} 张已不在文件夹中（保留并标记）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="81" />
      <source>{n} other files skipped.</source>
      <translation>跳过 {n} 个其他文件。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/parcel_dock.py" line="647" />
      <source>{n} terrace coefficient(s) read from {path}.</source>
      <translation>从 {path} 读取 {n} 个田坎系数。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="77" />
      <source>{n} without direction.</source>
      <translation>{n} 张无方向。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/single_layer_edit.py" line="71" />
      <source>{path} is not a GeoPackage GDAL can open.</source>
      <translation>{path} 不是 GDAL 能打开的 GeoPackage。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/import_photos.py" line="176" />
      <source>{photos} photos read, {placed} placed.</source>
      <translation>读取照片 {photos} 张，已定位 {placed} 张。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/photo_import_task.py" line="70" />
      <source>{photos} photos read: {placed} placed, {unplaced} without position.</source>
      <translation>读取照片 {photos} 张：已定位 {placed} 张，无位置 {unplaced} 张。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="576" />
      <source>{present} of {total} single layers in the project</source>
      <translation>工程中有 {total} 个单独图层中的 {present} 个</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/run_checks.py" line="558" />
      <source>{ran} of {total} rules ran in {seconds:.1f} s.</source>
      <translation>{total} 条规则中运行了 {ran} 条，用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/worklist_dock.py" line="661" />
      <source>{reviewed} / {total} reviewed</source>
      <translation>已核查 {reviewed} / {total}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="61" />
      <source>{role}: {table} cannot be opened.</source>
      <translation>{role}：无法打开 {table}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="64" />
      <source>{role}: {table} is not in CGCS2000 Gauss-Krüger (CRS: {crs}); areas will be computed through a transformation.</source>
      <translation>{role}：{table} 不是 CGCS2000 高斯-克吕格投影（坐标系：{crs}）；面积将经坐标转换计算。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="71" />
      <source>{role}: {table} lacks the fields {names}.</source>
      <translation>{role}：{table} 缺少字段 {names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="83" />
      <source>{role}: {table} read as {encoding}.</source>
      <translation>{role}：{table} 按 {encoding} 读取。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="77" />
      <source>{role}: {table}.{field} is {got}, the schema wants {want}.</source>
      <translation>{role}：{table}.{field} 为 {got}，标准要求 {want}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/results_dock.py" line="876" />
      <source>{seconds} s</source>
      <translation>{seconds} 秒</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/open_county_dialog.py" line="266" />
      <source>{table} is chosen for both {a} and {b}.</source>
      <translation>{table} 同时被选为 {a} 和 {b}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="680" />
      <source>{table}: {added} ranges added from {count} parcels.</source>
      <translation>{table}：已从 {count} 个图斑添加 {added} 个范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="865" />
      <source>{table}: {added} ranges imported from {layer}.</source>
      <translation>{table}：已从 {layer} 导入 {added} 个范围。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/gui/single_layer_dock.py" line="769" />
      <source>{table}: {changed} ranges cut, {deleted} deleted.</source>
      <translation>{table}：裁切 {changed} 个范围，删除 {deleted} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="122" />
      <source>举证照片: import a photo folder, link photos to parcels, view the photos of the selected parcel, click a camera on the map</source>
      <translation>举证照片：导入照片文件夹、将照片关联到图斑、查看所选图斑的照片、在地图上点击相机</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="111" />
      <source>推(堆)土区, 光伏板区, 拆除未尽区, 工厂化种植: counts and areas, create, add from parcels, erase, consistency with the parcels</source>
      <translation>推(堆)土区、光伏板区、拆除未尽区、工厂化种植：数量与面积、创建、从图斑添加、删除、与图斑的一致性</translation>
    </message>
  </context>
</TS>
