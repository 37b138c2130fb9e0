"""Seed checklists: the questions of domain-vn.md §5.6 (10 per clause of TCVN ISO 9001:2015)."""

# (chapter, title, [(clause number, question), ...])
CHECKLISTS: list[tuple[int, str, list[tuple[str, str]]]] = [
    (
        4,
        "Bối cảnh của tổ chức",
        [
            (
                "4.1",
                "Cơ quan đã xác định các vấn đề nội bộ và bên ngoài ảnh hưởng đến HTQLCL chưa (pháp luật, sắp xếp bộ máy 2025, hạ tầng CNTT, nhân lực)? Bằng chứng lưu ở đâu?",
            ),
            (
                "4.1",
                "Bối cảnh có được rà soát, cập nhật khi có thay đổi lớn (sáp nhập đơn vị hành chính, thay đổi chức năng nhiệm vụ) không?",
            ),
            (
                "4.1",
                "Cơ quan đã xác định biến đổi khí hậu có phải là vấn đề liên quan hay không (Sửa đổi 1:2024)?",
            ),
            (
                "4.2",
                "Danh sách các bên quan tâm (người dân, doanh nghiệp, cơ quan cấp trên, cơ quan liên thông, HĐND, MTTQ) và yêu cầu của họ đã được lập và cập nhật chưa?",
            ),
            (
                "4.3",
                "Phạm vi áp dụng HTQLCL đã được xác định thành văn bản, nêu rõ lĩnh vực, TTHC và đơn vị áp dụng chưa?",
            ),
            (
                "4.3",
                "Các yêu cầu không áp dụng (ví dụ 8.3, 7.1.5) có được lý giải và không ảnh hưởng đến khả năng cung cấp dịch vụ phù hợp?",
            ),
            (
                "4.3",
                "Phạm vi có bao trùm toàn bộ TTHC theo Quyết định công bố danh mục TTHC hiện hành không?",
            ),
            (
                "4.4",
                "Các quá trình và sự tương tác giữa chúng (sơ đồ) đã được xác định chưa?",
            ),
            (
                "4.4",
                "Mỗi quá trình có đơn vị chủ trì, đầu vào/đầu ra, tiêu chí và chỉ số theo dõi chưa?",
            ),
            (
                "4.4",
                "Khi TTHC được ban hành mới, sửa đổi hay bãi bỏ, quy trình nội bộ tương ứng có được cập nhật vào HTQLCL trong thời hạn cơ quan quy định không?",
            ),
        ],
    ),
    (
        5,
        "Sự lãnh đạo",
        [
            (
                "5.1.1",
                "Người đứng đầu có trực tiếp chỉ đạo HTQLCL (quyết định thành lập Ban chỉ đạo/Tổ ISO, phân công nhiệm vụ) không?",
            ),
            (
                "5.2.1",
                "Chính sách chất lượng đã được người đứng đầu ký ban hành và phù hợp với chức năng, nhiệm vụ, định hướng CCHC chưa?",
            ),
            (
                "5.2.2",
                "Chính sách có được niêm yết tại trụ sở, Bộ phận Một cửa, trang thông tin điện tử? Công chức có hiểu không (phỏng vấn 2–3 người)?",
            ),
            (
                "5.1.1",
                "Lãnh đạo có bảo đảm nguồn lực (nhân sự, kinh phí, CNTT) cho việc duy trì HTQLCL không?",
            ),
            (
                "5.3",
                "Vai trò, trách nhiệm, quyền hạn (Ban chỉ đạo, Thư ký ISO, trưởng phòng) có được phân công bằng văn bản và cập nhật sau khi sắp xếp tổ chức không?",
            ),
            (
                "5.1.1",
                "Lãnh đạo có thúc đẩy tiếp cận theo quá trình và tư duy dựa trên rủi ro không (bằng chứng: kết luận giao ban, kế hoạch)?",
            ),
            (
                "5.1.2",
                "Có cơ chế hướng vào người dân: tiếp nhận PAKN, xin lỗi khi trễ hạn, đo lường sự hài lòng?",
            ),
            (
                "5.1.2",
                "Các yêu cầu luật định (thời hạn, phí, lệ phí, thành phần hồ sơ) có được xác định và đáp ứng nhất quán không?",
            ),
            (
                "5.1.1",
                "Lãnh đạo có định kỳ xem xét tỷ lệ giải quyết đúng hạn và chỉ đạo xử lý hồ sơ tồn đọng không?",
            ),
            (
                "5.3",
                "Khi thay đổi nhân sự lãnh đạo, trách nhiệm liên quan HTQLCL có được bàn giao và cập nhật kịp thời không?",
            ),
        ],
    ),
    (
        6,
        "Hoạch định",
        [
            (
                "6.1",
                "Rủi ro và cơ hội đã được nhận diện cho các quá trình chính (tiếp nhận, thẩm định, trình ký, trả kết quả, lưu trữ) chưa?",
            ),
            (
                "6.1",
                "Có tiêu chí đánh giá mức độ rủi ro (khả năng × hậu quả) và biện pháp xử lý được phê duyệt không?",
            ),
            (
                "6.1",
                "Biện pháp xử lý rủi ro có được lồng ghép vào quy trình và được đánh giá hiệu lực không?",
            ),
            (
                "6.2",
                "Mục tiêu chất lượng năm đã được thiết lập ở cấp cơ quan và cấp phòng/bộ phận liên quan chưa?",
            ),
            (
                "6.2",
                "Mục tiêu có đo được, nhất quán với chính sách, phản ánh yêu cầu pháp lý và các chỉ số của QĐ 766 không?",
            ),
            (
                "6.2",
                "Kế hoạch thực hiện mục tiêu có nêu công việc, nguồn lực, người chịu trách nhiệm, thời hạn và cách đánh giá kết quả không?",
            ),
            (
                "6.2",
                "Mục tiêu có được theo dõi định kỳ (tháng/quý) và được điều chỉnh khi cần không?",
            ),
            (
                "6.3",
                "Các thay đổi HTQLCL (sáp nhập, chuyển phần mềm, thay đổi TTHC) có được hoạch định và kiểm soát không?",
            ),
            ("6.2", "Mục tiêu có được truyền đạt đến công chức liên quan không?"),
            (
                "6.2",
                "Mục tiêu năm trước chưa đạt có được phân tích nguyên nhân và đưa vào hoạch định năm nay không?",
            ),
        ],
    ),
    (
        7,
        "Hỗ trợ",
        [
            (
                "7.2",
                "Công chức tại Bộ phận Một cửa có đáp ứng tiêu chuẩn (ngạch, thâm niên ≥ 3 năm, mức hoàn thành nhiệm vụ) theo quy định không?",
            ),
            (
                "7.1.3",
                "Cơ sở vật chất (khu chờ, máy tra cứu, camera, máy lấy số, thiết bị đánh giá) có đầy đủ và hoạt động tốt không?",
            ),
            (
                "7.1.4",
                "Môi trường làm việc có phù hợp (văn hóa công sở, đeo thẻ, thái độ giao tiếp) không?",
            ),
            (
                "7.2",
                "Năng lực yêu cầu cho từng vị trí đã được xác định chưa? Có hồ sơ đào tạo, bồi dưỡng (nghiệp vụ, ISO) không?",
            ),
            (
                "7.2",
                "Đánh giá viên nội bộ đã được đào tạo, có chứng nhận và được duy trì năng lực không?",
            ),
            (
                "7.3",
                "Công chức có nhận thức về chính sách, mục tiêu, đóng góp của mình và hệ quả của việc không tuân thủ không (phỏng vấn)?",
            ),
            (
                "7.4",
                "Việc trao đổi thông tin nội bộ và bên ngoài (niêm yết, đường dây nóng, cổng thông tin) có xác định nội dung, thời điểm, người thực hiện không?",
            ),
            (
                "7.5.2",
                "Tài liệu HTQLCL có mã hiệu, lần ban hành, ngày hiệu lực và được soát xét, phê duyệt trước khi ban hành không?",
            ),
            (
                "7.5.3",
                "Tài liệu bên ngoài (VBQPPL, quyết định công bố TTHC) có được nhận biết, cập nhật? Tài liệu lỗi thời có được thu hồi hoặc đánh dấu không?",
            ),
            (
                "7.5.3",
                "Hồ sơ có danh mục, nơi lưu, thời gian lưu? Có được bảo vệ, sao lưu (bản điện tử) và truy xuất được không?",
            ),
        ],
    ),
    (
        8,
        "Thực hiện",
        [
            (
                "8.1",
                "Mỗi TTHC trong phạm vi có quy trình nội bộ (lưu đồ/diễn giải) với thời gian từng bước và tổng thời gian không vượt quy định không?",
            ),
            (
                "8.2.2",
                "Thông tin TTHC niêm yết có khớp với quyết định công bố hiện hành (thành phần hồ sơ, thời hạn, phí, lệ phí) không?",
            ),
            (
                "8.2.3",
                "Hồ sơ tiếp nhận có Giấy tiếp nhận và hẹn trả kết quả? Hồ sơ chưa đầy đủ có Phiếu yêu cầu bổ sung (hướng dẫn một lần)? Từ chối có Phiếu từ chối không?",
            ),
            (
                "8.5.2",
                "Phiếu kiểm soát quá trình giải quyết hồ sơ có được cập nhật đủ tại mỗi bước không (chọn mẫu 10 hồ sơ)?",
            ),
            (
                "8.4",
                "Hồ sơ liên thông: thời gian chuyển giữa các cơ quan có được theo dõi và kiểm soát không?",
            ),
            (
                "8.6",
                "Kết quả giải quyết có được kiểm tra (thẩm định, ký duyệt) trước khi trả không (8.6)?",
            ),
            (
                "8.5.3",
                "Giấy tờ bản chính của người dân có được bảo quản và hoàn trả đầy đủ không (8.5.3)?",
            ),
            (
                "8.4",
                "Dịch vụ do bên ngoài cung cấp (bưu chính công ích, nhà cung cấp phần mềm) có được kiểm soát không (8.4)?",
            ),
            (
                "8.7",
                "Khi có đầu ra không phù hợp (sai sót kết quả, trễ hạn), có được nhận biết, xử lý, xin lỗi và lưu hồ sơ không (8.7)?",
            ),
            (
                "8.5.6",
                "Các thay đổi trong quá trình giải quyết (gia hạn, điều chỉnh quy trình) có được xem xét, phê duyệt và lưu hồ sơ không (8.5.6)?",
            ),
        ],
    ),
    (
        9,
        "Đánh giá kết quả hoạt động",
        [
            (
                "9.1.1",
                "Cơ quan đã xác định những gì cần theo dõi, đo lường (tỷ lệ đúng hạn, hài lòng, PAKN), phương pháp và tần suất chưa?",
            ),
            (
                "9.1.3",
                "Số liệu từ hệ thống giải quyết TTHC / Bộ chỉ số 766 có được phân tích định kỳ không?",
            ),
            (
                "9.1.2",
                "Sự hài lòng của người dân có được đo lường (phiếu, thiết bị, cổng DVC) và phân tích xu hướng không?",
            ),
            (
                "9.1.3",
                "Kết quả phân tích có được dùng làm đầu vào cho xem xét của lãnh đạo và cải tiến không?",
            ),
            (
                "9.2",
                "Có chương trình đánh giá nội bộ năm, bao trùm toàn bộ phạm vi, thực hiện ít nhất 1 lần/năm không?",
            ),
            (
                "9.2",
                "Đánh giá viên có bảo đảm khách quan, không đánh giá công việc của chính mình không?",
            ),
            (
                "9.2",
                "Kế hoạch đánh giá, phiếu ghi chép và báo cáo đánh giá có được lập và lưu đầy đủ không?",
            ),
            (
                "9.2",
                "Kết quả đánh giá có được báo cáo lãnh đạo? Điểm không phù hợp có được khắc phục kịp thời không?",
            ),
            (
                "9.3",
                "Xem xét của lãnh đạo có thực hiện theo kế hoạch (ít nhất 1 lần/năm) với đủ đầu vào theo 9.3.2 không?",
            ),
            (
                "9.3",
                "Biên bản xem xét của lãnh đạo có nêu quyết định cải tiến, nhu cầu thay đổi, nguồn lực, và được theo dõi thực hiện không?",
            ),
        ],
    ),
    (
        10,
        "Cải tiến",
        [
            (
                "10.1",
                "Cơ quan có xác định và lựa chọn cơ hội cải tiến (đơn giản hóa TTHC, rút ngắn thời gian, tăng hồ sơ trực tuyến) không?",
            ),
            (
                "10.2",
                "Khi phát sinh sự không phù hợp (từ đánh giá, PAKN, kiểm tra của Sở KH&CN/Sở Nội vụ), có hành động kiểm soát và khắc phục ngay không?",
            ),
            (
                "10.2",
                "Nguyên nhân gốc rễ có được phân tích (5 Why, biểu đồ xương cá) trước khi đề ra hành động khắc phục không?",
            ),
            (
                "10.2",
                "Có xem xét sự không phù hợp tương tự đang tồn tại hoặc có thể xảy ra ở bộ phận, quy trình khác không?",
            ),
            (
                "10.2",
                "Hành động khắc phục có thời hạn, người chịu trách nhiệm và được thực hiện đúng hạn không?",
            ),
            (
                "10.2",
                "Hiệu lực của hành động khắc phục có được kiểm tra, xác nhận không?",
            ),
            (
                "10.2",
                "Rủi ro và cơ hội có được cập nhật sau khi xử lý sự không phù hợp khi cần không?",
            ),
            (
                "10.2",
                "Quy trình, biểu mẫu có được sửa đổi sau hành động khắc phục khi cần không?",
            ),
            (
                "10.2",
                "Hồ sơ về sự không phù hợp và hành động khắc phục có được lưu đầy đủ không?",
            ),
            (
                "10.3",
                "Xu hướng các chỉ số (tỷ lệ đúng hạn, hài lòng) qua các năm có cho thấy cải tiến liên tục không?",
            ),
        ],
    ),
]
