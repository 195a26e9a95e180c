from datetime import date

from django.urls import reverse


def test_edit_form_keeps_the_date_in_the_format_the_date_input_reads(client_a, district):
    from zwgk.documents.models import Document, Topic

    client_a.post(
        reverse("documents:create"),
        {"title": "通知", "written_date": "2026-03-02", "topic": Topic.objects.first().pk},
    )
    document = Document.objects.get()
    html = client_a.get(reverse("documents:edit", args=[document.pk])).content.decode()
    # <input type="date"> only understands ISO dates; a localised value would be dropped
    assert 'value="2026-03-02"' in html
    assert document.written_date == date(2026, 3, 2)
