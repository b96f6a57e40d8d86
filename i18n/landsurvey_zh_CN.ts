<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>LandSurvey</name>
    <message>
      <location filename="landsurvey_plugin/adapters/crs.py" line="126" />
      <source>Cannot transform the layer extent from {crs} to CGCS2000: {error}</source>
      <translation>无法将图层范围从 {crs} 转换到 CGCS2000：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="88" />
      <source>Compute areas of a layer…</source>
      <translation>计算图层面积…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="38" />
      <source>Compute parcel areas (TBMJ, KCMJ, TBDLMJ)</source>
      <translation>计算图斑面积（TBMJ、KCMJ、TBDLMJ）</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="123" />
      <source>Feature {fid}: {problem}; its areas are left unchanged.</source>
      <translation>要素 {fid}：{problem}；其面积保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="151" />
      <source>Install these Python packages for QGIS's Python, then restart QGIS:
{lines}</source>
      <translation>请为 QGIS 的 Python 安装以下软件包，然后重新启动 QGIS：
{lines}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="203" />
      <source>Land Survey</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="49" />
      <source>Land Survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="150" />
      <source>Land Survey: missing dependencies</source>
      <translation>国土变更调查：缺少依赖</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/provider.py" line="19" />
      <source>Land survey (国土变更调查)</source>
      <translation>国土变更调查</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="58" />
      <source>Missing dependencies…</source>
      <translation>缺少依赖…</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="197" />
      <source>Missing fields: {names}.</source>
      <translation>缺少字段：{names}。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="100" />
      <source>No KCXS field: KCMJ = 0 and TBDLMJ = TBMJ.</source>
      <translation>没有 KCXS 字段：KCMJ = 0，TBDLMJ = TBMJ。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/adapters/check_dataset.py" line="247" />
      <source>No parcel layer (DLTB) to check.</source>
      <translation>没有可检查的地类图斑图层（DLTB）。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="180" />
      <source>No parcels selected in {layer}.</source>
      <translation>图层 {layer} 中没有选中的图斑。</translation>
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
      <location filename="landsurvey_plugin/plugin.py" line="78" />
      <source>Recompute areas of selected parcels</source>
      <translation>重算所选图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="187" />
      <source>Recompute parcel areas</source>
      <translation>重算图斑面积</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="47" />
      <source>Recomputes the parcel area TBMJ as the ellipsoidal area on CGCS2000 (the series of the 国土调查 technical rules), rounded half away from zero to 0.01 m², and derives KCMJ = TBMJ × KCXS and TBDLMJ = TBMJ − KCMJ. Layers in CGCS2000 Gauss-Krüger (EPSG:4513–4554, with or without zone prefix) are used directly; other CRSs are transformed first and a warning says so. Parcels with invalid or empty geometry or an unusable KCXS keep their values and are listed in the log.</source>
      <translation>按国土调查技术规程的椭球面积公式在 CGCS2000 椭球上重算图斑面积 TBMJ，四舍五入到 0.01 平方米，并计算 KCMJ = TBMJ × KCXS、TBDLMJ = TBMJ − KCMJ。CGCS2000 高斯-克吕格投影（EPSG:4513–4554，带或不带带号）的图层直接计算；其他坐标系先进行转换并给出警告。几何无效、为空或 KCXS 不可用的图斑保留原值，并在日志中列出。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="174" />
      <source>Select parcels in a polygon layer (DLTB) first.</source>
      <translation>请先在面图层（DLTB）中选择图斑。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="81" />
      <source>TBMJ, KCMJ and TBDLMJ of the selected parcels from their ellipsoidal area (one undo step)</source>
      <translation>按椭球面积重算所选图斑的 TBMJ、KCMJ 和 TBDLMJ（一步撤销）</translation>
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
      <location filename="landsurvey_plugin/plugin.py" line="201" />
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
      <location filename="landsurvey_plugin/plugin.py" line="66" />
      <source>The plugin needs: {missing}. See Plugins ▸ Land Survey ▸ Missing dependencies.</source>
      <translation>插件需要：{missing}。详见 插件 ▸ 国土变更调查 ▸ 缺少依赖。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="106" />
      <source>The survey profile {profile} cannot be loaded: {error}</source>
      <translation>无法加载调查配置 {profile}：{error}</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/plugin.py" line="191" />
      <source>{changed} parcels updated, {unchanged} already correct, {skipped} skipped.</source>
      <translation>已更新 {changed} 个图斑，{unchanged} 个原本正确，跳过 {skipped} 个。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="150" />
      <source>{count} parcels processed, {skipped} left unchanged.</source>
      <translation>已处理 {count} 个图斑，{skipped} 个保持不变。</translation>
    </message>
    <message>
      <location filename="landsurvey_plugin/processing/compute_areas.py" line="88" />
      <source>{crs} is not CGCS2000 Gauss-Krüger: vertices are transformed to a Gauss-Krüger zone at {cm}°E before the area is computed.</source>
      <translation>{crs} 不是 CGCS2000 高斯-克吕格投影：计算面积前已将节点转换到中央经线 {cm}°E 的高斯-克吕格带。</translation>
    </message>
  </context>
</TS>
