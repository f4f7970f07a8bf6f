#!/usr/bin/env python3
"""Regenerate the binary and non-UTF-8 sample documents in ``samples/``.

Run from anywhere: ``python scripts/make_samples.py``. It writes

* ``samples/zh-city-notice.txt``       - a 公文 notice, GBK, CRLF line endings;
* ``samples/zh-district-measures.docx`` - Word measures with Title / Heading 1 / Heading 2 styles and a table;
* ``samples/zh-bureau-page.html``      - a scraped-looking bureau web page, GBK, ``<meta charset="gbk">``.

All sample content is fictional. Output is byte-for-byte deterministic: the .docx core properties and
the timestamps of its zip members are fixed. The Markdown samples are hand-written and not touched here.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FIXED_TIME = datetime(2024, 3, 5, 9, 0, 0)
ZIP_TIME = (2024, 3, 5, 9, 0, 0)

# --------------------------------------------------------------------------------------------------
# 1. zh-city-notice.txt: UTF-8 here, written as GBK with CRLF.
# --------------------------------------------------------------------------------------------------

CITY_NOTICE = """临澄市公安局文件

临公发〔2023〕27号

临澄市公安局关于深化社会治安治理创新工作的通知

各县（市、区）公安局，市局各警种、各部门：

　　今年以来，全市公安机关紧紧围绕平安临澄建设目标，扎实推进各项社会治安治理工作，全市刑事警情同比下降9.3%，群众安全感测评得分达到96.2分。但也要看到，当前全市城镇化进程明显加快，主城区新建住宅小区集中交付，外来务工人员持续增加，网络违法犯罪和涉网问题日益突出，社会治安治理面临不少新情况新问题。为进一步提升全市公安机关社会治安治理能力，经市局党委研究，现就深化社会治安治理创新工作有关事项通知如下。

　　一、牢固树立正确的治理理念

　　（一）坚持以安定和谐为目标。公安机关参与社会治理，根本目的在于更好地履行法定职责，推动社会安定与和谐。各级公安机关要不断改进社会管理工作：该严格管住的，要管得更严；该放开搞活的，要放得更宽；需要转变管理方式的，要让群众办理起来更加便利。各项工作都要服从和服务于社会平安、社会和谐与社会稳定这一目标。

　　（二）坚持以公平正义为准绳。各级公安机关要把公平正义作为开展社会治理的核心理念，贯穿执法办案和管理服务的全过程，对各类当事人一视同仁、依法平等对待，让人民群众在每一项管理决定、每一起案件办理中都能感受到公平和正义。

　　二、推动信息资源共享应用

　　（一）打通信息壁垒。各地、各警种要破除警种与警种之间、市县两级公安机关之间以及公安机关与政府有关部门之间的信息阻隔，使各类社会治理数据能够跨部门调取、跨警种共用、跨地区协查，实现综合利用，把分散在各处的信息资源聚合成整体优势，真正形成以信息引领警务运行的工作格局。

　　（二）用好警综平台。全省公安综合信息应用平台（以下简称警综平台）将于今年下半年在我市全面上线，这是全市公安工作方式的一次深刻变革，将直接改变广大民警的工作观念、工作方法和工作效率。各地要把警综平台上线作为难得机遇，抓紧做好历史数据清洗、业务流程衔接和民警操作培训，推动全市公安机关信息化应用水平实现整体跃升。

　　（三）建设城区智能交通系统。市交警支队要加快城区智能交通管理系统建设，年内完成主城区120个路口信号灯联网和智能配时，建成交通诱导屏发布系统和智能交通指挥调度系统。

　　三、织密线上线下防控网络

　　（一）突出治安乱点整治。对排查确定的治安乱点地区开展挂牌整治，在市委、市政府统一组织下，各地要围绕治安乱点、重点要害单位、娱乐场所和新建住宅小区等部位建设视频监控系统，同步推进社区自动报警和技防防盗系统建设；已建成的各类监控系统要全部接入110指挥中心和属地派出所，对社区复杂区域、公共场所和重要部位实行全天24小时实时监控，最大限度做到事前预知、及时预警、主动预防。

　　（二）加强网上巡查处置。各级网安部门要加强对本地网络社区、论坛、即时通信群组和手机信息的监控，常态化开展网上巡查和处置，防止有害信息扩散，依法及时查处各类网络违法犯罪活动，维护网络空间公共秩序，保护公民合法权益不受侵害。

　　（三）深化电动自行车防盗治理。全面推广电动自行车防盗登记，年内新登记车辆安装防盗芯片率达到90%以上；对盗窃、收购销赃电动自行车的违法犯罪活动开展专项打击，压降电动自行车被盗警情。

　　（四）做好大型活动安全保卫。对全市举办的演唱会、体育赛事、商贸展会等大型群众性活动，严格落实安全许可和风险评估制度，科学制定安保方案，严防发生拥挤踩踏等事故。

　　四、加强实有人口和出租房屋服务管理

　　（一）创新流动人口服务管理。坚持管理和服务并重，推动各县（市、区）设立流动人口服务管理机构，落实专项工作经费；根据居住时间、就业情况等因素对流动人口实行分类、分层次管理，把出租房屋、就业单位和居住证件作为管住人的三个抓手，依托房屋、依托用工单位、依托证件开展管理。

　　（二）推行出租房屋分级管理。根据房屋位置、租住人员和治安状况，将全市出租房屋分为“可以放心、需要关注、必须严管、禁止出租”四个等级，分别落实相应的检查频次和管理措施，并根据变化情况动态调整。

　　（三）做好刑满释放人员衔接帮教。各地要会同司法行政部门和乡镇（街道），做好刑满释放人员出狱后的衔接帮教，帮助其解决落户、就业和生活方面的实际困难。

　　（四）落实户籍制度改革措施。全面放开主城区落户限制，对在城区有合法稳定住所的人员及其共同居住的配偶、子女、父母，按本人意愿办理落户手续。

　　五、加强对社会组织的情况掌握

　　各级公安机关要主动加强与外事、统战、民族宗教、民政、卫生健康、社会科学研究等部门的信息交流和工作协作，整合各方面资源，从源头上掌握各类社会组织的基本情况，在管理环节完善工作措施，在处置环节优化工作预案。

　　六、工作要求

　　（一）加强组织领导。各地要成立由主要负责同志任组长的工作领导小组，制定具体实施方案，明确任务分工和时间节点，确保各项措施落到实处。

　　（二）做好安全保障。市局机关大院已由保安服务公司派驻保安员实行24小时门岗值守，各地要参照落实机关办公场所的安全防范措施，严格来访人员登记制度。

　　（三）主动接受群众评议。市局门户网站开设“网上评议”专栏，邀请群众对派出所窗口服务进行网评打分，评议结果每季度通报一次，并作为评先评优的重要依据。

　　（四）严格督导考核。市局将把本通知落实情况纳入对各县（市、区）公安局的年度绩效考核，每半年通报一次工作进展，对工作不力、进展缓慢的单位进行约谈。

　　各地贯彻落实情况和工作中遇到的问题，请于2023年12月10日前书面报市局治安支队。

临澄市公安局
2023年6月12日

抄送：市委政法委，市政府办公室。
"""

# --------------------------------------------------------------------------------------------------
# 2. zh-district-measures.docx: (style, text) paragraphs, then a task-division table.
# --------------------------------------------------------------------------------------------------

DOCX_TITLE = "临湖市公安局云台分局关于夯实基层基础推进社会治安治理的若干措施"

DOCX_BODY: list[tuple[str, str]] = [
    ("Normal", "（2024年3月5日分局党委会议审议通过）"),
    (
        "Normal",
        "为认真贯彻市局关于加强公安基层基础建设的部署要求，着力破解辖区社会治安治理中的难点问题，"
        "结合云台区实际，制定以下措施。",
    ),
    ("Heading 1", "一、把基层基础摆在突出位置"),
    ("Heading 2", "（一）推动工作重心向基层下移"),
    (
        "Normal",
        "基层基础是推进社会治安治理创新的根基。治理创新的难点在基层：辖区情况掌握不清、信息不够灵通、"
        "基础工作不够扎实、基层警力单薄分散、体制机制跟不上形势，这些问题长期困扰着分局的基层基础工作，"
        "不解决好，治理创新就没有根基。治理创新的源头活水也在基层：派出所和社区民警掌握着第一手情况，"
        "积累着第一线经验，分局要尊重基层的首创精神，鼓励各派出所从辖区实际出发大胆探索、改革创新。"
        "治理创新最终还要落到基层：辖区大量矛盾纠纷和治安隐患产生在基层，解决这些问题的力量也在基层。"
        "全局要坚持面向基层、服务基层、建设基层，持续加大基层基础建设力度，把派出所真正建设成为"
        "推进治理创新、化解社会矛盾、维护和谐稳定的一线平台。",
    ),
    ("Heading 2", "（二）形成政法协作合力"),
    (
        "Normal",
        "分局要主动加强与区法院、区检察院、区司法局等政法单位以及区住建局、区市场监管局、区城管执法局等"
        "社会管理职能部门的沟通配合，建立联席会议制度，每季度召开一次会议，形成攻坚克难的工作合力，"
        "集中力量解决制约辖区治安的关键性问题。",
    ),
    ("Heading 1", "二、以科技信息化引领治理创新"),
    ("Heading 2", "（一）把信息化建设作为突破口"),
    (
        "Normal",
        "一是转变工作方式。随着社会形态日益复杂，单纯依靠传统手段已经难以实现有效管理，分局要顺应"
        "信息化发展趋势，把信息化建设作为推进治安治理创新的切入点和突破口，大力推动公安科技创新。"
        "二是科学规划布局。信息化项目由分局统一规划、高起点布局，坚持集约化建设，力求少花钱、多办事，"
        "避免各单位重复投入。",
    ),
    ("Heading 2", "（二）推进重点行业信息登记"),
    (
        "Normal",
        "推动辖区废品收购站点和典当行全部安装治安管理信息系统，对收购物品、典当物品和交易人员身份信息"
        "如实登记、按时上传。",
    ),
    ("Heading 1", "三、做实人口和房屋管理"),
    ("Heading 2", "（一）摸清常住人口底数"),
    (
        "Normal",
        "（1）依托全国人口普查形成的数据，由各派出所分片包干，对辖区常住人口挨家挨户再核对一遍，"
        "确保常住人口有多少、是什么情况都心中有数。（2）同步加强人户分离人员管理，对户口在辖区但人不在、人在辖区但户口不在的人员"
        "分别登记造册。（3）提请区政府牵头，建立公安与卫生健康、住房城乡建设、房产管理等部门的协作机制，"
        "实现人口信息一次采集、多方共享。",
    ),
    ("Heading 2", "（二）分类管理出租房屋和娱乐场所"),
    (
        "Normal",
        "一是对出租房屋实行分类管理。按照治安风险高低，将辖区出租房屋划入放心、关注、严管和禁租四类，"
        "分类确定检查频次和管理措施。二是建立娱乐场所执法联动机制。会同区市场监管局、区城管执法局、"
        "区卫生健康局，对辖区娱乐场所实行联合检查、信息互通、案件移送，最大限度把违法犯罪遏制在萌芽状态。",
    ),
    ("Heading 1", "四、加强社会面防控和行业管理"),
    ("Heading 2", "（一）整合群防群治力量"),
    (
        "Normal",
        "将社区治保会、小区物业保安、单位内保和平安志愿者队伍统一纳入街道群防群治体系，"
        "实行统一登记、统一培训。",
    ),
    ("Heading 2", "（二）推进视频监控联网"),
    (
        "Normal",
        "推动辖区已建成的住宅小区和沿街商户视频监控接入分局指挥中心和属地派出所，年内完成接入点位1500个。",
    ),
    ("Heading 2", "（三）规范保安服务业"),
    ("Normal", "（1）全面贯彻《保安服务管理条例》，规范辖区保安服务行业经营行为。"),
    ("Normal", "（2）在分局治安管理大队设立保安管理中队，专门负责保安服务监管。"),
    ("Normal", "（3）实行保安员等级注册，按从业年限、培训考核情况分级登记。"),
    ("Normal", "（4）指导保安服务公司补充招录人员，充实保安队伍。"),
    ("Normal", "（5）引导保安服务公司面向市场拓展业务，把保安服务作为产业来发展，扩大服务覆盖面。"),
    ("Heading 2", "（四）依法打击非法社会组织"),
    (
        "Normal",
        "坚持保护合法、打击非法，对辖区未经登记擅自以社会组织名义开展活动或者从事非法活动的组织，"
        "依法查处取缔。",
    ),
    ("Heading 1", "五、提升公共安全监管水平"),
    ("Heading 2", "（一）加强消防安全管理"),
    (
        "Normal",
        "一是常态化开展消防宣传。每月通过分局政务微博和社区宣传栏发布火灾形势和防火常识，组织社区民警"
        "为居民和企业员工开展消防知识培训。二是推行重点单位标准化管理。对辖区消防安全重点单位全面推行"
        "标准化管理，引导单位对照标准规范自身消防安全管理。三是推动单位自我约束。督促单位做到安全隐患"
        "自己查找、自己消除，出了问题自己承担责任，形成自我管理、自我约束的机制。",
    ),
    ("Heading 2", "（二）健全网上舆情监测预警"),
    (
        "Normal",
        "一是建立健全涉警网上舆情监测预警机制。二是由分局网安大队统一划定辖区网上重点阵地，合理分配"
        "监测任务和监控专题。三是按照分局、派出所两级分级、分片开展实时动态监测，对各类负面舆情做到"
        "早预警、快研判、速处置。",
    ),
    ("Heading 2", "（三）开展校园安全教育"),
    (
        "Normal",
        "组织民警每学期进校园开展一次防溺水、防欺凌和防诈骗安全教育，为辖区每所中小学配备一名法治副校长。",
    ),
    ("Heading 1", "六、保障措施"),
    ("Heading 2", "（一）加强组织领导"),
    (
        "Normal",
        "成立由分局局长任组长、各副局长任副组长的工作领导小组，领导小组办公室设在分局法制大队，"
        "负责统筹协调和督促检查。",
    ),
    ("Heading 2", "（二）强化执法监督"),
    (
        "Normal",
        "分局督察大队依托执法记录仪和执法视频系统，对民警现场执法情况开展网上巡查，发现问题即时通报、"
        "限期整改。",
    ),
    ("Heading 2", "（三）明确任务分工"),
    ("Normal", "各项任务的牵头单位和完成时限见下表，各配合单位要积极支持、密切配合。"),
]

DOCX_TABLE: list[tuple[str, str, str]] = [
    ("任务", "牵头单位", "完成时限"),
    ("常住人口逐户清查", "人口管理大队", "2024年6月30日"),
    ("出租房屋分类定级", "治安管理大队", "2024年9月30日"),
    ("娱乐场所联合执法", "治安管理大队", "长期坚持"),
    ("小区和商户视频监控接入", "科技信息化中队", "2024年11月30日"),
    ("保安管理中队组建", "治安管理大队", "2024年5月31日"),
    ("消防安全重点单位标准化管理", "各派出所", "2024年10月31日"),
    ("网上舆情监测预警机制建设", "网安大队", "2024年6月30日"),
    ("政法单位联席会议", "法制大队", "每季度一次"),
]

DOCX_CLOSING = "本措施自印发之日起施行。"

# --------------------------------------------------------------------------------------------------
# 3. zh-bureau-page.html: a bureau web page around a short implementation opinion.
# --------------------------------------------------------------------------------------------------

PAGE_TITLE = "宁阳市公安局关于加强社会治安防控工作的实施意见"

PAGE_ARTICLE: list[tuple[str, str]] = [
    (
        "p",
        "为进一步提升全市社会治安防控水平，切实增强人民群众的安全感和满意度，结合我市实际，"
        "现就加强社会治安防控工作提出如下实施意见。",
    ),
    ("h2", "一、总体要求"),
    (
        "p",
        "坚持把民生作为第一警务，把群众满意作为检验治安防控工作的根本标准。每推出一项防控新举措，"
        "都要让群众最大限度受益；每落实一项管理措施，都要切实让群众办事更方便、得实惠。到2025年底，"
        "全市可防性案件发案数较2023年下降10%以上，群众安全感保持在95%以上。",
    ),
    ("h2", "二、主要措施"),
    (
        "p",
        "（一）构建三层防控网络。以社区（村）、街面和单位内部为单元，分层构建治安防控网，加强城市社区"
        "和农村的安全防范。把社区治保会、物业保安、单位内保、护村护厂护校队以及专职巡防队员和平安志愿者等"
        "群防群治力量统一整合起来，逐步发展壮大；把机关民警巡逻、交警路面执勤、巡特警巡逻和派出所巡逻等"
        "勤务方式统筹起来，推动警力和群防群治力量最大限度走上街面，投向案件高发的部位和时段，"
        "提高见警率和管事率，及早预防、发现和打击违法犯罪。",
    ),
    (
        "p",
        "（二）开展实有人口清查。利用人口普查数据，由社区民警对辖区常住人口开展一次上门核对，"
        "确保常住人口底数准确、基本情况清楚。",
    ),
    (
        "p",
        "（三）整治城乡结合部治安。对城乡结合部和城中村的治安突出问题开展集中整治，每季度排查一次"
        "治安隐患，逐一落实整改。",
    ),
    (
        "p",
        "（四）做好大型活动安保。对全市举办的演唱会、马拉松等大型群众性活动，严格落实安全风险评估，"
        "科学制定安保方案，严防发生拥挤踩踏事故。",
    ),
    ("h2", "三、加强危险物品和重点车辆管理"),
    (
        "p",
        "（一）严防危险物品流入社会。健全并严格执行枪支弹药、民用爆炸物品和危险化学品安全管理制度，"
        "对涉枪涉爆单位每月开展一次安全检查，坚决防止此类物品流失到社会上。",
    ),
    (
        "p",
        "（二）加强危化品运输车辆监管。辖区危险化学品运输车辆须全部加装北斗定位终端，市局交警支队依托"
        "重点车辆监管平台对其行驶路线、速度实行全程跟踪。",
    ),
    (
        "p",
        "（三）落实寄递物流安全管理。督促全市寄递企业严格落实收寄验视、实名收寄和过机安检制度，"
        "每季度开展一次联合检查。",
    ),
    ("h2", "四、保障措施"),
    (
        "p",
        "（一）加强组织领导。市局成立由局长任组长的社会治安防控工作领导小组，各分局、各警种明确一名"
        "负责同志具体抓落实。",
    ),
    (
        "p",
        "（二）强化经费保障。积极争取市财政支持，将社会治安防控经费纳入年度预算，保障防控网络建设和"
        "群防群治队伍补贴。",
    ),
    (
        "p",
        "（三）做好自身安全防范。市局机关办公楼每半年组织一次消防疏散演练，各单位要同步检查办公场所"
        "灭火器材配备情况。",
    ),
]

PAGE_SIGNATURE = ("宁阳市公安局", "2024年3月15日")

PAGE_NAV: list[tuple[str, list[str]]] = [
    ("首页", []),
    ("警务公开", ["政策文件", "工作动态", "统计数据", "人事信息"]),
    ("办事服务", ["户政业务", "出入境业务", "交管业务", "治安业务"]),
    ("互动交流", ["局长信箱", "在线咨询", "意见征集"]),
    ("反诈专区", ["防骗提醒", "典型案例"]),
]

PAGE_RELATED: list[tuple[str, str]] = [
    ("市局召开全市网络舆情导控工作推进会", "2024-03-12"),
    ("全省警综平台在我市全面上线运行", "2024-03-08"),
    ("我市启动保安员等级注册工作", "2024-02-27"),
    ("市局部署开展校园周边环境集中整治", "2024-02-20"),
    ("春节期间全市治安形势平稳有序", "2024-02-18"),
]

PAGE_BREADCRUMB = (
    '<div class="position">您现在的位置：<a href="/">首页</a> &gt; '
    '<a href="/jwgk/">警务公开</a> &gt; <a href="/jwgk/zcwj/">政策文件</a></div>'
)

PAGE_INFO = (
    '<div class="info">来源：宁阳市公安局法制支队&nbsp;&nbsp;时间：2024-03-18 09:30&nbsp;&nbsp;'
    '点击：<span id="hits">1286</span></div>'
)

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="gbk">
<title>{title}_宁阳市公安局</title>
<link rel="stylesheet" href="/css/main.css">
</head>
<body>
<header class="top">
<div class="logo"><a href="/">宁阳市公安局</a></div>
<form class="search" action="/search">
<input type="text" name="q" placeholder="请输入关键词"><button>搜索</button>
</form>
</header>
<nav class="mainnav">
<ul>
{nav}
</ul>
</nav>
{breadcrumb}
<div class="article">
<h1>{title}</h1>
{info}
{article}
<p class="sign">{sign_org}<br>{sign_date}</p>
</div>
<div class="related">
<h3>相关文章</h3>
<ul>
{related}
</ul>
</div>
<footer>
<p>主办：宁阳市公安局&nbsp;&nbsp;地址：宁阳市建设路88号&nbsp;&nbsp;邮编：412000</p>
<p>报警电话：110&nbsp;&nbsp;备案号：宁ICP备10086123号</p>
</footer>
<script>
(function () {{
  var hits = document.getElementById("hits");
  if (hits) {{ hits.setAttribute("data-loaded", "1"); }}
}})();
</script>
</body>
</html>
"""


def write_gbk_text(path: Path, text: str) -> None:
    """Write ``text`` (with ``\\n`` newlines) as GBK with CRLF line endings."""
    path.write_bytes(text.replace("\n", "\r\n").encode("gbk"))


def _set_east_asian_font(document: docx.document.Document, font: str) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        rpr = document.styles[name].element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        rfonts.set(qn("w:eastAsia"), font)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed member timestamps and attributes, keeping member order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def build_docx() -> bytes:
    """Build the district measures as a .docx and return its (deterministic) bytes."""
    document = docx.Document()
    _set_east_asian_font(document, "宋体")
    document.add_paragraph(DOCX_TITLE, style="Title")
    for style, text in DOCX_BODY:
        document.add_paragraph(text, style=style)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, DOCX_TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph(DOCX_CLOSING, style="Normal")

    return saved(document, DOCX_TITLE, "云台分局法制大队")


def saved(document: Any, title: str, author: str) -> bytes:
    """The .docx bytes of ``document`` with fixed metadata: the same bytes on every run."""
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue())


def build_html() -> str:
    """Build the bureau web page (as text; the caller encodes it as GBK)."""
    nav_items = []
    for label, children in PAGE_NAV:
        if children:
            sub = "".join(f'<li><a href="#">{child}</a></li>' for child in children)
            nav_items.append(f'<li><a href="#">{label}</a><ul class="sub">{sub}</ul></li>')
        else:
            nav_items.append(f'<li><a href="/">{label}</a></li>')
    article = "\n".join(f"<{tag}>{text}</{tag}>" for tag, text in PAGE_ARTICLE)
    related = "\n".join(
        f'<li><a href="/jwgk/gzdt/{i}.html">{title}</a><span>{date}</span></li>'
        for i, (title, date) in enumerate(PAGE_RELATED, start=1)
    )
    return PAGE_TEMPLATE.format(
        title=PAGE_TITLE,
        breadcrumb=PAGE_BREADCRUMB,
        info=PAGE_INFO,
        nav="\n".join(nav_items),
        article=article,
        sign_org=PAGE_SIGNATURE[0],
        sign_date=PAGE_SIGNATURE[1],
        related=related,
    )


def write_traditional(source: Path, path: Path) -> None:
    """A Traditional-character (Taiwan phrasing) copy of a Simplified sample, as a Big5 page would arrive."""
    import opencc

    text = source.read_text(encoding="utf-8")
    path.write_text(opencc.OpenCC("s2twp.json").convert(text), encoding="utf-8")


def main() -> None:
    write_gbk_text(SAMPLES / "zh-city-notice.txt", CITY_NOTICE)
    (SAMPLES / "zh-district-measures.docx").write_bytes(build_docx())
    (SAMPLES / "zh-bureau-page.html").write_bytes(build_html().encode("gbk"))
    write_traditional(SAMPLES / "zh-county-plan.md", SAMPLES / "zh-county-plan-traditional.md")
    for name in ("zh-city-notice.txt", "zh-district-measures.docx", "zh-bureau-page.html",
                 "zh-county-plan-traditional.md"):
        path = SAMPLES / name
        print(f"wrote {path.relative_to(SAMPLES.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
