<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdasPage</name>
    <message>
        <location filename="../views/AdasPage.qml" line="+53"/>
        <location line="+40"/>
        <source>Active</source>
        <translation>已激活</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+41"/>
        <source>Standby</source>
        <translation>待机</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Override</source>
        <translation>驾驶员接管</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+40"/>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+40"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Set speed</source>
        <translation>设定车速</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lead vehicle</source>
        <translation>前车距离</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Closing speed</source>
        <translation>相对速度</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Lane keeping</source>
        <translation>车道保持</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Driver assistance</source>
        <translation>驾驶辅助</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cruise</source>
        <translation>巡航</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Time gap</source>
        <translation>跟车时距</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Steering</source>
        <translation>转向干预</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lane detection</source>
        <translation>车道线识别</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Objects</source>
        <translation>目标物</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Warnings</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Collision</source>
        <translation>碰撞</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Blind spot left</source>
        <translation>左侧盲区</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Blind spot right</source>
        <translation>右侧盲区</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lane departure</source>
        <translation>车道偏离</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Driver attention</source>
        <translation>驾驶员注意力</translation>
    </message>
</context>
<context>
    <name>AdasScene</name>
    <message>
        <location filename="../panels/AdasScene.qml" line="+206"/>
        <source>No lane data from the camera</source>
        <translation>摄像头无车道线数据</translation>
    </message>
</context>
<context>
    <name>BusStatsModel</name>
    <message>
        <location filename="../../cockpit/hmi/bus_stats.py" line="+92"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bus off</source>
        <translation>总线关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>ClusterWarningBand</name>
    <message>
        <location filename="../cluster/ClusterWarningBand.qml" line="+33"/>
        <source>EMERGENCY BRAKING</source>
        <translation>紧急制动</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>BRAKE!</source>
        <translation>立即制动！</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collision warning</source>
        <translation>碰撞预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lane departure</source>
        <translation>车道偏离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to the vehicle gateway…</source>
        <translation>正在连接车辆网关…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No signal from the vehicle gateway</source>
        <translation>未收到车辆网关信号</translation>
    </message>
</context>
<context>
    <name>ClusterWindow</name>
    <message>
        <location filename="../cluster/ClusterWindow.qml" line="+19"/>
        <source>Instrument cluster</source>
        <translation>仪表盘</translation>
    </message>
</context>
<context>
    <name>CollisionWarning</name>
    <message>
        <location filename="../panels/CollisionWarning.qml" line="+80"/>
        <source>EMERGENCY BRAKING</source>
        <translation>紧急制动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BRAKE!</source>
        <translation>立即制动！</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Collision warning</source>
        <translation>碰撞预警</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../views/DevicesPage.qml" line="+81"/>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TV</source>
        <translation>电视</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speaker</source>
        <translation>音箱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Robot vacuum</source>
        <translation>扫地机器人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Air purifier</source>
        <translation>空气净化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hub</source>
        <translation>网关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>灯具</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>摄像机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plug</source>
        <translation>充电枪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Paired</source>
        <translation>已配对</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nearby</source>
        <translation>在附近</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>None of this kind nearby</source>
        <translation>附近没有此类设备</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No devices nearby</source>
        <translation>附近没有设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Listening on %1.</source>
        <translation>正在监听 %1。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Select a device to see its details and what it can take over.</source>
        <translation>选择设备，查看详情及可流转的功能。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 · paired</source>
        <translation>%1 · 已配对</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Services</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Handoff</source>
        <translation>流转</translation>
    </message>
    <message>
        <location line="-303"/>
        <source>This device does not take over sessions from the car.</source>
        <translation>此设备不支持从车机流转。</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Pair</source>
        <translation>配对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send navigation</source>
        <translation>流转导航</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send media</source>
        <translation>流转媒体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play here</source>
        <translation>在此播放</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not reachable for handoff: this device does not speak the cockpit&apos;s handoff protocol.</source>
        <translation>无法流转：此设备不支持车机的流转协议。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Handoff is not running in this cockpit.</source>
        <translation>此车机未运行流转服务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pair once: both screens show the same code to confirm.</source>
        <translation>只需配对一次：两块屏幕显示相同的配对码即可确认。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paired, but not connected right now.</source>
        <translation>已配对，但当前未连接。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing is playing or guiding in the car to hand over.</source>
        <translation>车内没有正在播放或导航的内容可流转。</translation>
    </message>
    <message>
        <location line="+271"/>
        <source>Heard</source>
        <translation>上次发现</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Looking for devices</source>
        <translation>正在搜索设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device discovery is not running. Phones and Xiaomi devices nearby will appear here when it starts.</source>
        <translation>设备发现未运行。启动后，附近的手机和小米设备将显示在此处。</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPage</name>
    <message>
        <location filename="../views/DiagnosticsPage.qml" line="+20"/>
        <source>Buses</source>
        <translation>总线</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 frames/s</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown ids: %1</source>
        <translation>未知 ID：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Decode errors: %1</source>
        <translation>解码错误：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E2E errors: %1</source>
        <translation>E2E 校验错误：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Rates learnt: %1</source>
        <translation>已学习的报文频率：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No bus</source>
        <translation>无总线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No CAN bus is configured.</source>
        <translation>未配置 CAN 总线。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Typing is locked while driving</source>
        <translation>行驶中无法输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search signals, e.g. battery stale</source>
        <translation>搜索信号，例如 battery stale</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 signals</source>
        <translation>%1 个信号</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>No signal matches</source>
        <translation>没有匹配的信号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No signals</source>
        <translation>无信号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try fewer words.</source>
        <translation>请减少关键词。</translation>
    </message>
</context>
<context>
    <name>DrivePage</name>
    <message>
        <location filename="../views/DrivePage.qml" line="+81"/>
        <source>Consumption</source>
        <translation>能耗</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Odometer</source>
        <translation>总里程</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Eco</source>
        <translation>经济</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sport</source>
        <translation>运动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snow</source>
        <translation>雪地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal</source>
        <translation>标准</translation>
    </message>
</context>
<context>
    <name>DrivingStrip</name>
    <message>
        <location filename="../panels/DrivingStrip.qml" line="+88"/>
        <source>Regen</source>
        <translation>能量回收</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>kW</source>
        <translation>kW</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Power</source>
        <translation>功率</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Charging</source>
        <translation>充电</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 % in %2</source>
        <translation>%2后达到 %1 %</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cruise</source>
        <translation>巡航</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+29"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Gap</source>
        <translation>跟车时距</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Lane keeping</source>
        <translation>车道保持</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steering</source>
        <translation>转向干预</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standby</source>
        <translation>待机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
</context>
<context>
    <name>EnergyPage</name>
    <message>
        <location filename="../views/EnergyPage.qml" line="+23"/>
        <source>Voltage</source>
        <translation>电压</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+22"/>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Current</source>
        <translation>电流</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+98"/>
        <location line="+16"/>
        <source>kW</source>
        <translation>kW</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>Power in</source>
        <translation>充电功率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Power out</source>
        <translation>放电功率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cell min / max</source>
        <translation>单体电压 最低 / 最高</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cells min / max</source>
        <translation>单体温度 最低 / 最高</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>State of charge</source>
        <translation>电量</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+37"/>
        <source>Collecting…</source>
        <translation>正在采集…</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Charging</source>
        <translation>充电</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 % in %2</source>
        <translation>%2后达到 %1 %</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Plugged in</source>
        <translation>充电枪已连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not plugged in</source>
        <translation>充电枪未连接</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>0 %</source>
        <translation>0 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100 %</source>
        <translation>100 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No charging session yet</source>
        <translation>暂无充电记录</translation>
    </message>
</context>
<context>
    <name>HandoffModel</name>
    <message>
        <location filename="../../cockpit/hmi/handoff_model.py" line="+279"/>
        <source>Paired with %1</source>
        <translation>已与 %1 配对</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>Locked: speed unknown</source>
        <translation>车速未知，已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked while driving</source>
        <translation>行驶中已锁定</translation>
    </message>
    <message>
        <location line="+297"/>
        <location line="+20"/>
        <source>Handoff is not available</source>
        <translation>流转不可用</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="+36"/>
        <source>Cockpit</source>
        <translation>智能座舱</translation>
    </message>
</context>
<context>
    <name>NavBar</name>
    <message>
        <location filename="../panels/NavBar.qml" line="+17"/>
        <source>Drive</source>
        <translation>驾驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Energy</source>
        <translation>能源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ADAS</source>
        <translation>驾驶辅助</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>NavigationCard</name>
    <message>
        <location filename="../panels/NavigationCard.qml" line="+41"/>
        <source>Turn left</source>
        <translation>左转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn right</source>
        <translation>右转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bear left</source>
        <translation>向左前方行驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bear right</source>
        <translation>向右前方行驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep left</source>
        <translation>靠左行驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep right</source>
        <translation>靠右行驶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sharp left</source>
        <translation>向左后方转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sharp right</source>
        <translation>向右后方转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a U-turn</source>
        <translation>掉头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At the roundabout</source>
        <translation>进入环岛</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrive</source>
        <translation>到达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue</source>
        <translation>直行</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>You have arrived</source>
        <translation>已到达目的地</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue here from your phone?</source>
        <translation>是否从手机接续到车机？</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On your phone</source>
        <translation>在手机上</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 % on arrival</source>
        <translation>到达时剩余 %1 %</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No route</source>
        <translation>暂无路线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start a route on your phone, then take it here.</source>
        <translation>在手机上开始导航，再接到车上。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Under your %1 % reserve on arrival. Charge %2 kWh on the way, or drive in Eco.</source>
        <translation>到达时将低于您设定的 %1 % 储备。请途中充电 %2 kWh，或切换到经济模式。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Send to phone</source>
        <translation>流转到手机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Take from phone</source>
        <translation>从手机接续</translation>
    </message>
</context>
<context>
    <name>NowPlayingCard</name>
    <message>
        <location filename="../panels/NowPlayingCard.qml" line="+47"/>
        <source>Tap to play here</source>
        <translation>点击在此播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paired, not connected</source>
        <translation>已配对，未连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pair on Devices first</source>
        <translation>请先在设备页配对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No handoff support</source>
        <translation>不支持流转</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playing on %1</source>
        <translation>正在 %1 上播放</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Continue here from your phone?</source>
        <translation>是否从手机接续到车机？</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Waiting for %1…</source>
        <translation>正在等待 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting for your phone…</source>
        <translation>正在等待手机…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused on %1</source>
        <translation>已在 %1 上暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On your phone</source>
        <translation>在手机上</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Paused on your phone</source>
        <translation>已在手机上暂停</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Control it on your phone</source>
        <translation>请在手机上控制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Control it there</source>
        <translation>请在该设备上控制</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing playing</source>
        <translation>暂无播放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Music from a paired phone plays here.</source>
        <translation>已配对手机的音乐将在此处播放。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Send to phone</source>
        <translation>流转到手机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take from phone</source>
        <translation>从手机接续</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Play in the car</source>
        <translation>在车内播放</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Play on TV/speaker</source>
        <translation>在电视/音箱上播放</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Play on</source>
        <translation>播放到</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PairingDialog</name>
    <message>
        <location filename="../panels/PairingDialog.qml" line="+56"/>
        <source>Pair with %1?</source>
        <translation>与 %1 配对？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Check that your phone shows the same code.</source>
        <translation>请确认手机上显示的配对码与此相同。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Codes differ</source>
        <translation>配对码不一致</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Codes match</source>
        <translation>配对码一致</translation>
    </message>
</context>
<context>
    <name>ParkAssistView</name>
    <message>
        <location filename="../panels/ParkAssistView.qml" line="+15"/>
        <source>Front left</source>
        <translation>前左</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Front centre</source>
        <translation>前中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Front right</source>
        <translation>前右</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rear left</source>
        <translation>后左</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rear centre</source>
        <translation>后中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rear right</source>
        <translation>后右</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Park assist</source>
        <translation>泊车辅助</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Clear</source>
        <translation>无障碍</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Park sensors unavailable</source>
        <translation>泊车雷达不可用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop: %1</source>
        <translation>停车：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nearest: %1</source>
        <translation>最近：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing within %1 %2</source>
        <translation>%1 %2 内无障碍物</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sensor unavailable: %1</source>
        <translation>传感器不可用：%1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../views/SettingsPage.qml" line="+47"/>
        <source>Units</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Metric</source>
        <translation>公制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imperial</source>
        <translation>英制</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night</source>
        <translation>夜间</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Chimes</source>
        <translation>提示音</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Arrival reserve</source>
        <translation>到达储备电量</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Bus status</source>
        <translation>总线状态</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No CAN bus configured</source>
        <translation>未配置 CAN 总线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CAN bus offline</source>
        <translation>CAN 总线离线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All buses OK</source>
        <translation>所有总线正常</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2, %3 frames/s</source>
        <translation>%1：%2，%3 帧/秒</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Paired devices</source>
        <translation>已配对设备</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Forget %1?</source>
        <translation>取消与 %1 的配对？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>It must pair again to hand over.</source>
        <translation>需重新配对后才能流转。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key %1</source>
        <translation>密钥 %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Forget</source>
        <translation>取消配对</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No paired devices. Pair a phone from the Devices page.</source>
        <translation>没有已配对的设备。请在“设备”页面配对手机。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handoff is not running in this cockpit.</source>
        <translation>此车机未运行流转服务。</translation>
    </message>
</context>
<context>
    <name>SignalTableModel</name>
    <message>
        <location filename="../../cockpit/hmi/signal_table.py" line="+61"/>
        <source>not received</source>
        <extracomment>While the table is on screen its views hear of changed values at most this often: 131 numbers changing 60 times a second cannot be read, and every dataChanged costs the view a delegate pass.</extracomment>
        <translation>未接收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stale</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not available on this car</source>
        <translation>本车无此信号</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../panels/StatusBar.qml" line="+84"/>
        <source>CAN bus offline</source>
        <translation>CAN 总线离线</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Battery fault</source>
        <translation>电池故障</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Brake fault</source>
        <translation>制动系统故障</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ADAS unavailable</source>
        <translation>驾驶辅助不可用</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fasten seat belt</source>
        <translation>请系好安全带</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Door open</source>
        <translation>车门未关</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Take a break</source>
        <translation>请注意休息</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../style/Units.qml" line="+11"/>
        <source>mph</source>
        <translation>mph</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>km/h</source>
        <translation>km/h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mi</source>
        <translation>mi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>km</source>
        <translation>km</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ft</source>
        <translation>ft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>m</source>
        <translation>m</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kWh/100 mi</source>
        <translation>kWh/100 mi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>kWh/100 km</source>
        <translation>kWh/100 km</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 ft</source>
        <translation>%1 ft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mi</source>
        <translation>%1 mi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
</context>
</TS>
